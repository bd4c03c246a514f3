using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FoscamPS.Protocol;
using Obj = FoscamPS.Model.CamConfigJson.Obj;

namespace FoscamPS.Model
{
    /// <summary>One settings group of configuration as code: its key in files ("Wifi", "Devices2" …) and its codec.</summary>
    internal sealed class CamConfigGroup
    {
        public CamConfigGroup(string key, CamGroupCodec codec, bool restartsCamera)
        {
            Key = key;
            Codec = codec;
            RestartsCamera = restartsCamera;
        }

        public string Key { get; }
        public CamGroupCodec Codec { get; }
        /// <summary>The setter restarts the camera (set_network, set_wifi): applied last and only with -AllowRestart.</summary>
        public bool RestartsCamera { get; }

        /// <summary>The fields a configuration file carries: settable, not identity, not volatile (table order).</summary>
        public IEnumerable<CamField> Fields => Codec.Fields.Where(CamConfigGroups.IsConfigField);

        public CamField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

        public override string ToString() => Key;
    }

    /// <summary>group key → field name → the camera's text.</summary>
    internal sealed class CamConfigValues : Dictionary<string, Dictionary<string, string>>
    {
        public CamConfigValues() : base(StringComparer.OrdinalIgnoreCase) { }

        public void Set(string group, string field, string value)
        {
            if (!TryGetValue(group, out var d)) this[group] = d = new Dictionary<string, string>(StringComparer.Ordinal);
            d[field] = value;
        }

        public string? Get(string group, string field) => TryGetValue(group, out var d) && d.TryGetValue(field, out var v) ? v : null;

        public int FieldCount => Values.Sum(d => d.Count);

        /// <summary>A copy with <paramref name="overlay"/>'s values on top.</summary>
        public CamConfigValues With(CamConfigValues? overlay)
        {
            var r = new CamConfigValues();
            foreach (var g in this) foreach (var f in g.Value) r.Set(g.Key, f.Key, f.Value);
            if (overlay is not null) foreach (var g in overlay) foreach (var f in g.Value) r.Set(g.Key, f.Key, f.Value);
            return r;
        }
    }

    /// <summary>
    /// The groups of configuration as code, all driven by <see cref="CamFieldTable"/>: every settable group of
    /// Get-CamConfig except the accounts (set_users rewrites all eight accounts and their passwords at once: a
    /// baseline must not be able to lock administrators out; use Add-/Set-/Remove-CamUser). Identity (id, versions,
    /// alias, ip, port) and volatile fields (now, status) are never exported, compared or applied.
    /// </summary>
    internal static class CamConfigGroups
    {
        private static readonly Dictionary<string, CamGroupCodec> Codecs = new Dictionary<string, CamGroupCodec>(StringComparer.OrdinalIgnoreCase)
        {
            ["Network"] = CamGroupCodecs.Network, ["Wifi"] = CamGroupCodecs.Wifi, ["DateTime"] = CamGroupCodecs.DateTime,
            ["Pppoe"] = CamGroupCodecs.Pppoe, ["Upnp"] = CamGroupCodecs.Upnp, ["Ddns"] = CamGroupCodecs.Ddns,
            ["Mail"] = CamGroupCodecs.Mail, ["Ftp"] = CamGroupCodecs.Ftp, ["Alarm"] = CamGroupCodecs.Alarm,
            ["Decoder"] = CamGroupCodecs.Decoder, ["Msn"] = CamGroupCodecs.Msn, ["Misc"] = CamGroupCodecs.Misc,
            ["PrivacySchedule"] = CamGroupCodecs.PrivacySchedule, ["ImageSetting"] = CamGroupCodecs.Image,
        };

        /// <summary>Setters that restart the camera or drop its connection by design (camera-facts).</summary>
        private static readonly HashSet<string> Restarting = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Network", "Wifi" };

        /// <summary>In the field table's group order (files list groups in this order).</summary>
        public static IReadOnlyList<CamConfigGroup> All { get; } = Build();

        /// <summary>The order of writes: restarting groups last (network the very last).</summary>
        public static IReadOnlyList<CamConfigGroup> ApplyOrder { get; } = All.Where(g => !g.RestartsCamera)
            .Concat(All.Where(g => g.RestartsCamera && g.Key != "Network")).Concat(All.Where(g => g.Key == "Network")).ToList();

        private static List<CamConfigGroup> Build()
        {
            var list = new List<CamConfigGroup>();
            foreach (var info in CamFieldTable.Groups)
            {
                if (info.Name == "Devices")
                {
                    for (var i = CamFieldTable.FirstDevice; i <= CamFieldTable.LastDevice; i++)
                        list.Add(new CamConfigGroup("Devices" + i.ToString(CultureInfo.InvariantCulture), CamGroupCodecs.DeviceLink(i), false));
                }
                else if (Codecs.TryGetValue(info.Name, out var codec))
                {
                    list.Add(new CamConfigGroup(info.Name, codec, Restarting.Contains(info.Name)));
                }
            }
            return list;
        }

        public static CamConfigGroup? Find(string key) => All.FirstOrDefault(g => string.Equals(g.Key, key, StringComparison.OrdinalIgnoreCase));

        /// <summary>A field configuration as code carries: it has a setter, and is neither identity nor volatile.</summary>
        public static bool IsConfigField(CamField f) => !f.IsReadOnly && !f.IsIdentity && !f.IsVolatile;

        /// <summary>True when this value must not be in a file in clear: passwords and keys, and URLs carrying credentials.</summary>
        public static bool IsSecretValue(CamField f, string? text)
            => f.IsSecret || (f.Secrecy == CamFieldSecrecy.CredentialsInUrl && text is not null && Redactor.RedactUrl(text) != text);

        /// <summary>
        /// True when a field of the expectation is compared and applied: a user name of an account pair only together
        /// with its password (a file without secrets never pairs a user name with the camera's own other password).
        /// </summary>
        public static bool Applies(CamConfigGroup group, CamField f, IDictionary<string, string> fields)
            => fields.ContainsKey(f.Name)
               && (f.Pair is null || f.IsSecret || !group.Fields.Any(p => p.Pair == f.Pair && p.IsSecret && !fields.ContainsKey(p.Name)));

        /// <summary>The configuration values of a camera's groups (secrets included: callers decide what leaves memory).</summary>
        public static CamConfigValues Values(IReadOnlyDictionary<string, CamSettingsObject> groups)
        {
            var v = new CamConfigValues();
            foreach (var g in All)
            {
                if (!groups.TryGetValue(g.Key, out var o)) continue;
                foreach (var f in g.Fields)
                {
                    if (o.WireOf(f.Name) is { } text) v.Set(g.Key, f.Name, text);
                }
            }
            return v;
        }

        /// <summary>The groups of one camera from its replies (get_params; get_misc, get_forbidden, get_camera_params when answered).</summary>
        public static Dictionary<string, CamSettingsObject> Parse(ICamera camera, IReadOnlyDictionary<string, CamVars> replies)
        {
            var d = new Dictionary<string, CamSettingsObject>(StringComparer.OrdinalIgnoreCase);
            foreach (var g in All)
            {
                if (replies.TryGetValue(g.Codec.ReadCgi.Name, out var vars)) d[g.Key] = g.Codec.Parse(camera, vars);
            }
            return d;
        }

        /// <summary>The read CGIs the groups need (get_params first).</summary>
        public static IEnumerable<CgiDefinition> ReadCgis => All.Select(g => g.Codec.ReadCgi).Distinct().OrderBy(c => c == CgiCatalogue.GetParams ? 0 : 1);

        /// <summary>
        /// Where <paramref name="actual"/> differs from <paramref name="expected"/>, field by field in file order. Only
        /// the fields the expectation carries are compared (a file without secrets does not compare secrets). Secret
        /// values are compared but never shown.
        /// </summary>
        public static List<CamConfigDifference> Compare(CamConfigValues expected, IReadOnlyDictionary<string, CamSettingsObject> actual)
        {
            var list = new List<CamConfigDifference>();
            foreach (var g in All)
            {
                if (!expected.TryGetValue(g.Key, out var fields)) continue;
                actual.TryGetValue(g.Key, out var o);
                foreach (var f in g.Fields)
                {
                    if (!Applies(g, f, fields)) continue;
                    var want = fields[f.Name];
                    var have = o?.WireOf(f.Name);
                    if (string.Equals(want, have, StringComparison.Ordinal)) continue;
                    var secret = IsSecretValue(f, want) || IsSecretValue(f, have);
                    list.Add(new CamConfigDifference(g, f,
                        secret ? (want.Length == 0 ? "(blank)" : CamSecret.Mask) : f.Show(want),
                        o is null ? "(not available)" : have is null ? "(none)" : secret ? (have.Length == 0 ? "(blank)" : CamSecret.Mask) : f.Show(have), secret));
                }
            }
            return list;
        }
    }

    internal sealed class CamConfigDifference
    {
        public CamConfigDifference(CamConfigGroup group, CamField field, string expected, string actual, bool isSecret)
        {
            IsSecret = isSecret;
            Group = group;
            Field = field;
            Expected = expected;
            Actual = actual;
        }

        public CamConfigGroup Group { get; }
        public CamField Field { get; }
        public string Expected { get; }
        public string Actual { get; }
        public bool IsSecret { get; }
    }

    /// <summary>
    /// A configuration file (Export-CamConfig): JSON, groups in the field table's order and fields in table order,
    /// values as the camera's own text. <c>source</c> (the camera it came from) is information only and never
    /// applied. Secrets are only in <c>secrets.data</c>, sealed with the credential store's key.
    /// </summary>
    internal sealed class CamConfigDocument
    {
        public const string FormatName = "FoscamPS.CamConfig";
        public const int FormatVersion = 1;
        /// <summary>What the store binds the sealed secrets to.</summary>
        public const string SecretPurpose = "FoscamPS.CamConfig/1 secrets";

        public string Kind { get; set; } = "Camera";
        public string? SourceName { get; set; }
        public string? SourceCameraId { get; set; }
        public string? SourceAlias { get; set; }
        public string? SourceSystemVersion { get; set; }
        public string? SourceWebUiVersion { get; set; }
        public DateTimeOffset ExportedAt { get; set; }
        public CamConfigValues Groups { get; set; } = new CamConfigValues();
        /// <summary>Baseline files: camera name → its camera id and the values where it differs.</summary>
        public Dictionary<string, KeyValuePair<string?, CamConfigValues>> Overrides { get; } = new Dictionary<string, KeyValuePair<string?, CamConfigValues>>(StringComparer.OrdinalIgnoreCase);
        /// <summary>True when the file carries sealed secrets.</summary>
        public bool HasSecrets { get; private set; }
        /// <summary>Where the file was read from.</summary>
        public string? Path { get; set; }

        public bool IsBaseline => Kind == "Baseline";

        /// <summary>What the document expects of one camera: the groups, then its override (by name, else by camera id).</summary>
        public CamConfigValues ExpectedFor(string? name, string? cameraId)
        {
            if (name is not null && Overrides.TryGetValue(name, out var o)) return Groups.With(o.Value);
            if (cameraId is not null)
            {
                foreach (var kv in Overrides)
                {
                    if (string.Equals(kv.Value.Key, cameraId, StringComparison.OrdinalIgnoreCase)) return Groups.With(kv.Value.Value);
                }
            }
            return Groups;
        }

        /// <summary>
        /// A baseline of several cameras: per field the value most cameras have (ties: the first camera by name), plus
        /// per camera the fields where it differs. Fields not every camera has are left to the overrides.
        /// </summary>
        public static CamConfigDocument Baseline(IReadOnlyList<(string Name, string? CameraId, CamConfigValues Values)> cameras)
        {
            var ordered = cameras.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.CameraId, StringComparer.OrdinalIgnoreCase).ToList();
            var doc = new CamConfigDocument { Kind = "Baseline" };
            foreach (var g in CamConfigGroups.All)
            {
                foreach (var f in g.Fields)
                {
                    var values = ordered.Select(c => c.Values.Get(g.Key, f.Name)).ToList();
                    if (values.Count == 0 || values.Any(v => v is null)) continue;
                    var best = values.GroupBy(v => v!, StringComparer.Ordinal).OrderByDescending(x => x.Count()).ThenBy(x => values.IndexOf(x.Key)).First().Key;
                    doc.Groups.Set(g.Key, f.Name, best);
                }
            }
            foreach (var c in ordered)
            {
                var diff = new CamConfigValues();
                foreach (var g in c.Values)
                {
                    foreach (var f in g.Value)
                    {
                        if (doc.Groups.Get(g.Key, f.Key) != f.Value) diff.Set(g.Key, f.Key, f.Value);
                    }
                }
                doc.Overrides[c.Name] = new KeyValuePair<string?, CamConfigValues>(c.CameraId, diff);
            }
            return doc;
        }

        // ------------------------------------------------------------------ write

        /// <summary>
        /// The file's text. Secret values go only into <c>secrets.data</c> through <paramref name="protect"/>; with no
        /// protector they are left out (and the file says so).
        /// </summary>
        public string ToJson(Func<byte[], byte[]>? protect)
        {
            var secretGroups = new CamConfigValues();
            var secretOverrides = new Dictionary<string, CamConfigValues>(StringComparer.OrdinalIgnoreCase);
            var root = new Obj()
                .Add("format", FormatName)
                .Add("version", FormatVersion)
                .Add("kind", Kind)
                .Add("exportedAt", ExportedAt.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
            if (!IsBaseline)
            {
                root.Add("source", new Obj()
                    .Add("note", "identity of the camera this came from: information only, never applied")
                    .Add("name", SourceName).Add("cameraId", SourceCameraId).Add("alias", SourceAlias)
                    .Add("systemVersion", SourceSystemVersion).Add("webUiVersion", SourceWebUiVersion));
            }
            root.Add("groups", GroupsObj(Groups, secretGroups));
            if (IsBaseline)
            {
                var overrides = new Obj();
                foreach (var kv in Overrides.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
                {
                    var secret = new CamConfigValues();
                    overrides.Add(kv.Key, new Obj().Add("cameraId", kv.Value.Key).Add("groups", GroupsObj(kv.Value.Value, secret)));
                    if (secret.Count > 0) secretOverrides[kv.Key] = secret;
                }
                root.Add("overrides", overrides);
            }
            var anySecret = secretGroups.Count > 0 || secretOverrides.Count > 0;
            if (protect is not null && anySecret)
            {
                var inner = new Obj().Add("groups", GroupsObj(secretGroups, null));
                var io = new Obj();
                foreach (var kv in secretOverrides.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase)) io.Add(kv.Key, GroupsObj(kv.Value, null));
                inner.Add("overrides", io);
                var plain = Encoding.UTF8.GetBytes(CamConfigJson.Write(inner));
                try
                {
                    root.Add("secrets", new Obj()
                        .Add("protectedBy", "FoscamPS credential store (AES-256-CBC + HMAC-SHA256 with the store's key)")
                        .Add("data", Convert.ToBase64String(protect(plain))));
                }
                finally
                {
                    Array.Clear(plain, 0, plain.Length);
                }
            }
            else if (anySecret)
            {
                root.Add("secrets", new Obj().Add("note", "secrets left out (export with -IncludeSecret to carry them, sealed with the credential store's key)"));
            }
            return CamConfigJson.Write(root);
        }

        /// <summary>Groups and fields in table order; secret values go to <paramref name="secrets"/> (or are written when it is null).</summary>
        private static Obj GroupsObj(CamConfigValues values, CamConfigValues? secrets)
        {
            var o = new Obj();
            foreach (var g in CamConfigGroups.All)
            {
                if (!values.TryGetValue(g.Key, out var fields)) continue;
                var go = new Obj();
                foreach (var f in g.Fields)
                {
                    if (!fields.TryGetValue(f.Name, out var text)) continue;
                    if (secrets is not null && CamConfigGroups.IsSecretValue(f, text)) secrets.Set(g.Key, f.Name, text);
                    else go.Add(f.Name, text);
                }
                if (go.Count > 0) o.Add(g.Key, go);
            }
            return o;
        }

        // ------------------------------------------------------------------ read

        /// <summary>True when the text carries sealed secrets (without opening them).</summary>
        public static bool CarriesSecrets(string json)
            => CamConfigJson.Parse(json) is Obj root && root.Get("secrets") is Obj s && s.Get("data") is string;

        /// <summary>
        /// Reads and checks a file: the format, every group and field known and settable (identity and volatile fields
        /// refused), every value within the field's limits. Sealed secrets are opened with <paramref name="unprotect"/>
        /// (required when the file has them). Throws FormatException naming the problem.
        /// </summary>
        public static CamConfigDocument Parse(string json, Func<byte[], byte[]>? unprotect)
        {
            if (!(CamConfigJson.Parse(json) is Obj root)) throw new FormatException("the file is not a JSON object");
            if (!(root.Get("format") is string fmt) || fmt != FormatName) throw new FormatException($"'format' is not \"{FormatName}\" (not an Export-CamConfig file)");
            if (!(root.Get("version") is string ver) || ver != FormatVersion.ToString(CultureInfo.InvariantCulture)) throw new FormatException($"'version' {root.Get("version") ?? "(missing)"} is not supported (this module reads version {FormatVersion})");
            var doc = new CamConfigDocument { Kind = root.Get("kind") as string ?? "" };
            if (doc.Kind != "Camera" && doc.Kind != "Baseline") throw new FormatException("'kind' must be \"Camera\" or \"Baseline\"");
            if (root.Get("exportedAt") is string at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)) doc.ExportedAt = t;
            if (root.Get("source") is Obj src)
            {
                doc.SourceName = src.Get("name") as string;
                doc.SourceCameraId = src.Get("cameraId") as string;
                doc.SourceAlias = src.Get("alias") as string;
                doc.SourceSystemVersion = src.Get("systemVersion") as string;
                doc.SourceWebUiVersion = src.Get("webUiVersion") as string;
            }
            doc.Groups = ReadGroups(root.Get("groups"), "groups");
            if (root.Get("overrides") is Obj ov)
            {
                if (!doc.IsBaseline) throw new FormatException("'overrides' belong in a baseline file (kind \"Baseline\")");
                foreach (var kv in ov)
                {
                    if (!(kv.Value is Obj one)) throw new FormatException($"overrides.{kv.Key} must be an object");
                    doc.Overrides[kv.Key] = new KeyValuePair<string?, CamConfigValues>(one.Get("cameraId") as string, ReadGroups(one.Get("groups"), $"overrides.{kv.Key}.groups"));
                }
            }
            if (root.Get("secrets") is Obj sec && sec.Get("data") is string data)
            {
                if (unprotect is null) throw new FormatException("the file carries sealed secrets and no credential store key was given");
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(data);
                }
                catch (FormatException)
                {
                    throw new FormatException("'secrets.data' is not base64");
                }
                var plain = unprotect(bytes);
                string text;
                try
                {
                    text = Encoding.UTF8.GetString(plain);
                }
                finally
                {
                    Array.Clear(plain, 0, plain.Length);
                }
                if (!(CamConfigJson.Parse(text) is Obj inner)) throw new FormatException("the sealed secrets are malformed");
                var sg = ReadGroups(inner.Get("groups"), "secrets");
                doc.Groups = doc.Groups.With(sg);
                if (inner.Get("overrides") is Obj so)
                {
                    foreach (var kv in so)
                    {
                        var v = ReadGroups(kv.Value, "secrets");
                        doc.Overrides[kv.Key] = doc.Overrides.TryGetValue(kv.Key, out var existing)
                            ? new KeyValuePair<string?, CamConfigValues>(existing.Key, existing.Value.With(v))
                            : new KeyValuePair<string?, CamConfigValues>(null, v);
                    }
                }
                doc.HasSecrets = true;
            }
            return doc;
        }

        private static CamConfigValues ReadGroups(object? node, string where)
        {
            var values = new CamConfigValues();
            if (node is null) return values;
            if (!(node is Obj groups)) throw new FormatException($"'{where}' must be an object");
            foreach (var g in groups)
            {
                var group = CamConfigGroups.Find(g.Key) ?? throw new FormatException($"{where}: unknown settings group '{g.Key}' (known: {string.Join(", ", CamConfigGroups.All.Select(x => x.Key))})");
                if (!(g.Value is Obj fields)) throw new FormatException($"{where}.{g.Key} must be an object");
                foreach (var f in fields)
                {
                    var any = group.Codec.Fields.FirstOrDefault(x => x.Name == f.Key);
                    if (any is null) throw new FormatException($"{where}.{g.Key}: unknown field '{f.Key}'");
                    if (!CamConfigGroups.IsConfigField(any))
                        throw new FormatException($"{where}.{g.Key}.{f.Key} is {(any.IsIdentity ? "an identity field" : any.IsVolatile ? "a volatile field" : "read-only")} and is never applied; remove it");
                    if (!(f.Value is string text)) throw new FormatException($"{where}.{g.Key}.{f.Key} must be a string (the camera's text)");
                    if (any.Check(text) is { } problem) throw new FormatException($"{where}.{g.Key}.{f.Key}: {problem}");
                    values.Set(group.Key, f.Key, text);
                }
            }
            return values;
        }
    }
}
