using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Security;
using System.Threading;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>
    /// What a Set- cmdlet asks for one camera: typed values by property name (the bound parameters; <c>Account</c> for
    /// a user name / password pair) and, from a piped settings object, the camera's text of its fields.
    /// </summary>
    internal sealed class CamOverlay
    {
        /// <summary>Property name → value (case-insensitive).</summary>
        public Dictionary<string, object?> Values { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Field name → camera text (from a piped object of the same group).</summary>
        public Dictionary<string, string> Wire { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Identity fields from a piped object: applied only when the target is that object's own camera.</summary>
        public Dictionary<string, string> IdentityWire { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Camera id of the piped object the identity fields came from.</summary>
        public string? IdentitySource { get; set; }

        public bool IsEmpty => Values.Count == 0 && Wire.Count == 0 && IdentityWire.Count == 0;
    }

    /// <summary>Marker value: set the camera clock to this machine's UTC time at the moment of the write.</summary>
    internal sealed class CamClockNow
    {
        public static readonly CamClockNow Instance = new CamClockNow();
        public override string ToString() => "this computer's clock";
    }

    /// <summary>
    /// One settings group, read, merged, validated, written and compared through the field table: the ONE codec behind
    /// every Get-/Set- settings cmdlet. Parse fills the typed object from the reply; Merge overlays what the user
    /// asked; Check validates it against the table's limits (naming the parameter and the limit); Writes renders the
    /// setter query (the whole group with every field the firmware insists on, or one camera_control request per
    /// changed field); Differences compares two reads field by field (secrets compared, never shown).
    /// </summary>
    internal class CamGroupCodec
    {
        private readonly Func<CamSettingsObject> _create;
        private readonly Dictionary<string, PropertyInfo?> _props = new Dictionary<string, PropertyInfo?>(StringComparer.OrdinalIgnoreCase);

        public CamGroupCodec(Type type, string group, int? slot = null, Func<CamSettingsObject>? create = null)
        {
            Type = type;
            Info = CamFieldTable.Group(group);
            Slot = slot;
            Fields = CamFieldTable.OfGroup(group, slot).ToList();
            _create = create ?? (() => (CamSettingsObject)Activator.CreateInstance(type, nonPublic: true)!);
            ReadCgi = CgiCatalogue.Get(Info.ReadCgi);
            Setter = Info.SetterCgi is null ? null : CgiCatalogue.Get(Info.SetterCgi);
        }

        public Type Type { get; }
        public CamSettingsGroupInfo Info { get; }
        /// <summary>The entry of a slotted group (device link 2–9), or null.</summary>
        public int? Slot { get; }
        public IReadOnlyList<CamField> Fields { get; }
        public CgiDefinition ReadCgi { get; }
        public CgiDefinition? Setter { get; }
        /// <summary>Group name for messages.</summary>
        public virtual string Title => Slot is { } s ? $"{Info.Title} entry {s.ToString(CultureInfo.InvariantCulture)}" : Info.Title;

        private string? ExtraPrefix => Slot is { } s ? $"dev{s.ToString(CultureInfo.InvariantCulture)}_" : Info.ExtraPrefix;

        /// <summary>Properties that are settings a Set- cmdlet can change (their table fields have a setter and are not volatile).</summary>
        public IEnumerable<string> SettingNames()
            => Fields.Where(f => !f.IsReadOnly && !f.IsVolatile).Select(f => f.Pair ?? f.Property).Where(p => p is not null).Select(p => p!).Distinct(StringComparer.OrdinalIgnoreCase);

        /// <summary>Every property name the table maps for this group (settings, pairs and read-only values).</summary>
        public IEnumerable<string> PropertyNames()
            => Fields.SelectMany(f => new[] { f.Property, f.Pair }).Where(p => p is not null).Select(p => p!).Distinct(StringComparer.OrdinalIgnoreCase);

        // ------------------------------------------------------------------ read

        /// <summary>The typed object of this group from a reply: known fields through the table, unknown ones of the group in Extra.</summary>
        public CamSettingsObject Parse(ICamera camera, CamVars vars)
        {
            var wire = new Dictionary<string, string>(Fields.Count, StringComparer.Ordinal);
            foreach (var f in Fields)
            {
                if (vars.TryGetValue(f.Name, out var v)) wire[f.Name] = v.Text;
            }
            Dictionary<string, string>? extra = null;
            var prefix = ExtraPrefix;
            if (prefix != "")
            {
                // Only the fields the table does not know can be extras: worked out once per reply (Get-CamConfig parses one
                // get_params reply of ~200 fields into 19 groups; each used to look at every field).
                foreach (var kv in UnknownFields(vars, Info.ReadCgi))
                {
                    if (prefix is not null && !kv.Key.StartsWith(prefix, StringComparison.Ordinal)) continue;
                    (extra ??= new Dictionary<string, string>(StringComparer.Ordinal))[kv.Key] = kv.Value.Text;
                }
            }
            // Both dictionaries are new here: the object keeps them (no copy; 13 groups per camera in Get-CamConfig).
            var o = _create();
            o.Camera = camera;
            o.AdoptWire(wire, extra);
            Fill(o);
            return o;
        }

        /// <summary>The reply's fields of <paramref name="readCgi"/> that the table does not know (array elements aside), in reply order.</summary>
        private static KeyValuePair<string, CamValue>[] UnknownFields(CamVars vars, string readCgi)
            => vars.Memo(readCgi, (v, cgi) =>
            {
                var unknown = new List<KeyValuePair<string, CamValue>>();
                foreach (var kv in v)
                {
                    if (kv.Key.IndexOf('[') >= 0 || CamFieldTable.Find((string)cgi, kv.Key) is not null) continue;
                    unknown.Add(kv);
                }
                return unknown.ToArray();
            });

        /// <summary>The typed object for the given camera texts (properties are views of them).</summary>
        public CamSettingsObject FromWire(ICamera camera, IDictionary<string, string> wire, IDictionary<string, string>? extra)
        {
            var o = _create();
            o.Camera = camera;
            o.SetWire(wire, extra);
            Fill(o);
            return o;
        }

        /// <summary>How one property is filled from its table rows; worked out once per codec, not per object.</summary>
        private sealed class FillStep
        {
            public FillStep(PropertyInfo property, MethodInfo setter, CamField[] rows)
            {
                Property = property;
                Setter = setter;
                Rows = rows;
                BySlot = rows.OrderBy(r => r.Slot).ToArray();
                IsSchedule = rows[0].Conversion == CamFieldConversion.ScheduleWord;
                IsArray = property.PropertyType.IsArray && rows.Length > 1;
                SkipsNull = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null;
                Target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                Assign = AssignerOf(setter, property.PropertyType);
            }

            public PropertyInfo Property { get; }
            public MethodInfo Setter { get; }
            /// <summary>The rows in table order (the first one is the property's field).</summary>
            public CamField[] Rows { get; }
            /// <summary>The rows by slot (schedule words, arrays).</summary>
            public CamField[] BySlot { get; }
            public bool IsSchedule { get; }
            public bool IsArray { get; }
            /// <summary>A non-nullable value type: a missing value leaves the default.</summary>
            public bool SkipsNull { get; }
            /// <summary>The type a value of another type is converted to.</summary>
            public Type Target { get; }
            /// <summary>Calls the property's setter with a value of its type (a delegate: no reflection call, no argument array per value).</summary>
            public Action<CamSettingsObject, object?> Assign { get; }
        }

        private static readonly MethodInfo TypedAssignerMethod = typeof(CamGroupCodec).GetMethod(nameof(TypedAssigner), BindingFlags.NonPublic | BindingFlags.Static)!;

        private static Action<CamSettingsObject, object?> AssignerOf(MethodInfo setter, Type valueType)
            => (Action<CamSettingsObject, object?>)TypedAssignerMethod.MakeGenericMethod(setter.DeclaringType!, valueType).Invoke(null, new object[] { setter })!;

        private static Action<CamSettingsObject, object?> TypedAssigner<TObject, TValue>(MethodInfo setter) where TObject : CamSettingsObject
        {
            var set = (Action<TObject, TValue>)Delegate.CreateDelegate(typeof(Action<TObject, TValue>), setter);
            return (o, v) => set((TObject)o, (TValue)v!);
        }

        private FillStep[]? _fillSteps;

        /// <summary>The properties of this group with their rows (built once; the table and the type do not change).</summary>
        private FillStep[] FillSteps => Volatile.Read(ref _fillSteps) ?? (_fillSteps = BuildFillSteps()); // a benign race: both builds are equal

        private FillStep[] BuildFillSteps()
        {
            var steps = new List<FillStep>();
            foreach (var g in Fields.Where(f => f.Property is not null).GroupBy(f => f.Property!, StringComparer.Ordinal))
            {
                var p = Property(g.Key);
                var set = p?.GetSetMethod(true);
                if (p is null || set is null) continue;
                steps.Add(new FillStep(p, set, g.ToArray()));
            }
            return steps.ToArray();
        }

        private void Fill(CamSettingsObject o)
        {
            foreach (var step in FillSteps)
            {
                object? value;
                if (step.IsSchedule)
                {
                    var rows = step.BySlot;
                    var words = new uint[rows.Length];
                    for (var i = 0; i < rows.Length; i++) words[i] = o.WireOf(rows[i].Name) is { } w && rows[i].ToValue(w) is uint u ? u : 0u;
                    value = words.Length == CamSchedule.WordCount ? CamSchedule.FromWords(words) : null;
                }
                else if (step.IsArray)
                {
                    var rows = step.BySlot;
                    var texts = new string[rows.Length];
                    for (var i = 0; i < rows.Length; i++) texts[i] = o.WireOf(rows[i].Name) ?? "";
                    value = texts;
                }
                else
                {
                    var w = o.WireOf(step.Rows[0].Name);
                    value = w is null ? null : step.Rows[0].ToValue(w);
                }
                if (value is null && step.SkipsNull) continue;
                if (value is not null && !step.Property.PropertyType.IsInstanceOfType(value))
                {
                    var target = step.Target;
                    try
                    {
                        value = target.IsEnum ? Enum.ToObject(target, value) : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                    }
                    catch (Exception ex) when (ex is InvalidCastException || ex is FormatException || ex is OverflowException)
                    {
                        continue;
                    }
                }
                step.Assign(o, value);
            }
        }

        private PropertyInfo? Property(string name)
        {
            lock (_props)
            {
                if (!_props.TryGetValue(name, out var p))
                {
                    p = Type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.IgnoreCase);
                    _props[name] = p;
                }
                return p;
            }
        }

        // ------------------------------------------------------------------ merge and validate

        /// <summary>The rows a property (or pair) maps to.</summary>
        public IReadOnlyList<CamField> RowsOf(string name)
            => Fields.Where(f => string.Equals(f.Property, name, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Pair, name, StringComparison.OrdinalIgnoreCase)).ToList();

        /// <summary>
        /// Converts one value of the overlay to camera texts. Returns the problems (each "-Name: why, limit") instead
        /// of throwing; <paramref name="wire"/> receives field → text. An unrevealed CamSecret, a null or an empty
        /// account placeholder gives nothing (the camera keeps its value).
        /// </summary>
        public List<string> ToWire(string name, object? value, IDictionary<string, string> wire)
        {
            var problems = new List<string>();
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is null) return problems;
            var rows = RowsOf(name);
            if (rows.Count == 0) return problems;
            void Put(CamField f, object? v)
            {
                string text;
                try
                {
                    text = v is CamClockNow ? "now" : f.ToWire(v);
                }
                catch (ArgumentException ex)
                {
                    problems.Add($"-{name}: {ex.Message}");
                    return;
                }
                if (v is not CamClockNow && f.Check(text) is { } problem)
                {
                    problems.Add($"-{name}: {problem}.");
                    return;
                }
                wire[f.Name] = text;
            }
            if (rows.Any(r => string.Equals(r.Pair, name, StringComparison.OrdinalIgnoreCase)) && !rows.Any(r => string.Equals(r.Property, name, StringComparison.OrdinalIgnoreCase)))
            {
                if (value is CamCredential cc) value = cc.ToPSCredential();
                if (value is not PSCredential cred)
                {
                    problems.Add($"-{name}: give a PSCredential (user name and password), e.g. (Get-Credential).");
                    return problems;
                }
                var user = cred == PSCredential.Empty ? "" : (cred.UserName ?? "").Trim();
                var pwd = cred == PSCredential.Empty ? "" : cred.GetNetworkCredential().Password ?? "";
                foreach (var r in rows)
                {
                    var isPassword = r.IsSecret;
                    var text = isPassword ? pwd : user;
                    if (r.Check(text) is { } problem)
                    {
                        problems.Add($"-{name}: the {(isPassword ? "password" : "user name")} {problem}.");
                        continue;
                    }
                    wire[r.Name] = text;
                }
                return problems;
            }
            if (value is CamSecret secret)
            {
                if (!secret.IsRevealed) return problems;
                foreach (var r in rows) Put(r, secret.GetPlain());
                return problems;
            }
            if (rows[0].Conversion == CamFieldConversion.ScheduleWord)
            {
                CamSchedule? schedule = value as CamSchedule;
                if (schedule is null && value is string s && !CamSchedule.TryParse(s, out schedule, out var why))
                {
                    problems.Add($"-{name}: {why}");
                    return problems;
                }
                if (schedule is null)
                {
                    problems.Add($"-{name}: give a schedule (New-CamSchedule, or text such as 'Mon-Fri 08:00-18:00').");
                    return problems;
                }
                var words = schedule.ToWords();
                foreach (var r in rows) wire[r.Name] = words[r.Slot!.Value].ToString(CultureInfo.InvariantCulture);
                return problems;
            }
            if (rows.Count > 1)
            {
                var items = value is string one ? new object?[] { one } : value is IEnumerable e ? e.Cast<object?>().ToArray() : new[] { value };
                if (items.Length > rows.Count)
                {
                    problems.Add($"-{name}: {items.Length} values given; the camera has {rows.Count}.");
                    return problems;
                }
                var ordered = rows.OrderBy(r => r.Slot).ToList();
                for (var i = 0; i < ordered.Count; i++) Put(ordered[i], i < items.Length ? (items[i] is PSObject ip ? ip.BaseObject : items[i]) ?? "" : "");
                return problems;
            }
            if (value is Enum en && !rows[0].ValueType.IsDefined(typeof(FlagsAttribute), false) && !Enum.IsDefined(en.GetType(), en) && rows[0].Codes is null && rows[0].Conversion == CamFieldConversion.Enum)
            {
                problems.Add($"-{name}: {Convert.ToInt64(en, CultureInfo.InvariantCulture)} is not one of {string.Join(", ", Enum.GetNames(en.GetType()))}.");
                return problems;
            }
            Put(rows[0], value);
            return problems;
        }

        /// <summary>All problems of an overlay, before any request (empty when it is acceptable).</summary>
        public List<string> Check(CamOverlay overlay)
        {
            var problems = new List<string>();
            var scratch = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in overlay.Values) problems.AddRange(ToWire(kv.Key, kv.Value, scratch));
            foreach (var kv in overlay.Wire.Concat(overlay.IdentityWire))
            {
                var f = Fields.FirstOrDefault(x => x.Name == kv.Key);
                if (f is not null && f.Check(kv.Value) is { } problem)
                    problems.Add($"-{f.Pair ?? f.Property ?? f.Name}: the piped value: {problem}.");
            }
            return problems;
        }

        /// <summary>A copy of <paramref name="current"/> with the overlay applied (the overlay was checked).</summary>
        public CamSettingsObject Merge(CamSettingsObject current, CamOverlay overlay, string? targetCameraId = null)
        {
            var wire = current.Wire.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var kv in overlay.Wire) wire[kv.Key] = kv.Value;
            if (overlay.IdentityWire.Count > 0 && overlay.IdentitySource is not null && string.Equals(overlay.IdentitySource, targetCameraId, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var kv in overlay.IdentityWire) wire[kv.Key] = kv.Value;
            }
            var forced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var kv in overlay.Values)
            {
                var part = new Dictionary<string, string>(StringComparer.Ordinal);
                ToWire(kv.Key, kv.Value, part);
                foreach (var p in part)
                {
                    var text = p.Value == "now" && kv.Value is CamClockNow ? "now" : p.Value;
                    wire[p.Key] = text;
                    if (Fields.First(f => f.Name == p.Key).IsVolatile) forced.Add(p.Key);
                }
            }
            var extra = current.RawExtra is null ? null : new Dictionary<string, string>(current.RawExtra.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
            var merged = FromWire(current.Camera, wire, extra);
            foreach (var f in forced) merged.Forced.Add(f);
            merged.RevealSecrets = current.RevealSecrets;
            return merged;
        }

        /// <summary>
        /// The overlay a piped settings object of this group gives: its camera texts of every setting (secrets only when
        /// it was read with -IncludeSecret; a user name travels only with its password). Identity fields are kept apart
        /// (applied only to the object's own camera).
        /// </summary>
        public void OverlayFrom(CamSettingsObject source, CamOverlay overlay)
        {
            overlay.IdentitySource = source.Camera?.CameraId;
            foreach (var f in Fields)
            {
                if (f.IsReadOnly || f.IsVolatile) continue;
                if (source.WireOf(f.Name) is not { } text) continue;
                if (f.Pair is not null && !source.RevealSecrets) continue;
                if (f.IsSecret && !source.RevealSecrets) continue;
                if (f.Secrecy == CamFieldSecrecy.CredentialsInUrl && !source.RevealSecrets && Redactor.RedactUrl(text) != text) continue;
                if (f.IsIdentity) overlay.IdentityWire[f.Name] = text;
                else overlay.Wire[f.Name] = text;
            }
        }

        // ------------------------------------------------------------------ compare

        /// <summary>Names (property, or pair such as Account) of the settings that differ; volatile and read-only fields are not compared.</summary>
        public List<string> Differences(CamSettingsObject a, CamSettingsObject b)
        {
            var names = new List<string>();
            foreach (var f in Fields)
            {
                if (f.IsVolatile || f.IsReadOnly) continue;
                if (!string.Equals(a.WireOf(f.Name), b.WireOf(f.Name), StringComparison.Ordinal))
                {
                    var n = f.Pair ?? f.Property ?? f.Name;
                    if (!names.Contains(n, StringComparer.OrdinalIgnoreCase)) names.Add(n);
                }
            }
            return names;
        }

        /// <summary>Every setting equal, secrets included (compared, never shown).</summary>
        public bool Same(CamSettingsObject a, CamSettingsObject b) => Differences(a, b).Count == 0;

        /// <summary>"Name: old -> new" for each setting that differs, secrets masked (a blank secret shows as blank).</summary>
        public List<string> DescribeChanges(CamSettingsObject before, CamSettingsObject after)
        {
            var list = new List<string>();
            foreach (var name in Differences(before, after))
            {
                var rows = RowsOf(name).Where(r => !r.IsVolatile && !r.IsReadOnly).ToList();
                list.Add($"{name}: {Show(rows, before)} -> {Show(rows, after)}");
            }
            foreach (var f in after.ForcedNames)
            {
                var row = Fields.First(x => x.Name == f);
                list.Add($"{row.Property ?? row.Name}: set to {(after.WireOf(f) == "now" ? "this computer's clock" : row.Show(after.WireOf(f)))}");
            }
            return list;
        }

        private static string Show(IReadOnlyList<CamField> rows, CamSettingsObject o)
        {
            if (rows.Count == 1) return rows[0].Show(o.WireOf(rows[0].Name));
            if (rows[0].Conversion == CamFieldConversion.ScheduleWord)
            {
                var words = rows.OrderBy(r => r.Slot).Select(r => o.WireOf(r.Name) is { } w && r.ToValue(w) is uint u ? u : 0u).ToArray();
                return words.Length == CamSchedule.WordCount ? "'" + CamSchedule.FromWords(words) + "'" : "(incomplete)";
            }
            if (rows.Any(r => r.Pair is not null) && rows.Any(r => r.IsSecret))
            {
                var user = rows.FirstOrDefault(r => !r.IsSecret);
                var pwd = rows.First(r => r.IsSecret);
                return $"{(user is null ? "" : user.Show(o.WireOf(user.Name)))} / {pwd.Show(o.WireOf(pwd.Name))}";
            }
            return "[" + string.Join(", ", rows.OrderBy(r => r.Slot).Select(r => r.Show(o.WireOf(r.Name)))) + "]";
        }

        /// <summary>A secret in a message: the mask when set, (blank) when blank (an administrator must see a blank password).</summary>
        private static string ShowSecret(bool isSet) => isSet ? CamSecret.Mask : "(blank)";

        /// <summary>"Name = value" of what an overlay sets, secrets masked (ShouldProcess text before the camera is read).</summary>
        public string Describe(CamOverlay overlay)
        {
            var parts = new List<string>();
            foreach (var kv in overlay.Values)
            {
                if (kv.Value is null) continue;
                var rows = RowsOf(kv.Key);
                var shown = kv.Value switch
                {
                    PSCredential c => c == PSCredential.Empty ? "(none)" : c.UserName + " / " + ShowSecret(c.Password is { Length: > 0 }),
                    CamCredential cc => cc.UserName + " / " + ShowSecret(cc.HasPassword),
                    CamSecret s => ShowSecret(s.IsSet),
                    _ when rows.Count == 1 && rows[0].Secrecy != CamFieldSecrecy.None => kv.Value switch
                    {
                        SecureString ss => ShowSecret(ss.Length > 0),
                        string text when rows[0].Secrecy == CamFieldSecrecy.Secret => ShowSecret(text.Length > 0),
                        _ => CamSecret.Mask,
                    },
                    string[] a => string.Join(";", a),
                    _ => Convert.ToString(kv.Value is PSObject p ? p.BaseObject : kv.Value, CultureInfo.InvariantCulture),
                };
                parts.Add(kv.Key + " = " + shown);
            }
            if (overlay.Wire.Count > 0) parts.Add($"{overlay.Wire.Count} field(s) from the piped object");
            return string.Join(", ", parts);
        }

        // ------------------------------------------------------------------ write

        /// <summary>
        /// The setter requests that turn <paramref name="before"/> into <paramref name="after"/>: camera_control.cgi one
        /// request per changed field; other setters one request with every field of the group (so a whole-group setter
        /// gets every field it insists on, checked against <see cref="CgiDefinition.RequiredFields"/>).
        /// </summary>
        public IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Writes(CamSettingsObject before, CamSettingsObject after)
        {
            if (Setter is null) throw new InvalidOperationException($"The {Title} settings cannot be written.");
            var result = new List<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>>();
            if (Fields.Any(f => f.ControlParam is not null))
            {
                foreach (var f in Fields.Where(f => f.ControlParam is not null && f.SetterCgi == Setter.Name))
                {
                    var v = after.WireOf(f.Name);
                    if (v is null || v == before.WireOf(f.Name)) continue;
                    result.Add(new KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>(Setter, new List<KeyValuePair<string, string>>
                    {
                        Q("param", f.ControlParam!.Value.ToString(CultureInfo.InvariantCulture)), Q("value", v),
                    }));
                }
                return result;
            }
            var query = new List<KeyValuePair<string, string>>();
            foreach (var f in Fields)
            {
                if (f.SetterCgi != Setter.Name || f.SetterQuery is null) continue;
                if (f.IsVolatile && !after.IsForced(f.Name)) continue;
                var v = after.WireOf(f.Name);
                if (v == "now" && f.Conversion == CamFieldConversion.UnixTime) v = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                if (v is null) continue;
                query.Add(Q(f.SetterQuery, v));
            }
            var missing = Setter.RequiredFields.Where(r => !query.Any(q => q.Key == r)).ToList();
            var ip = query.FirstOrDefault(q => q.Key == "ip").Value;
            if (!string.IsNullOrEmpty(ip))
            {
                missing.AddRange(Fields.Where(f => f.Requirement == CamFieldRequirement.WithFixedAddress && f.SetterCgi == Setter.Name && !query.Any(q => q.Key == f.SetterQuery)).Select(f => f.SetterQuery!));
            }
            if (missing.Count > 0)
            {
                throw new CamException("IncompleteGroupWrite", CamErrorKind.Protocol,
                    $"Camera {after.Camera?.Name}: {Setter.Name} needs the whole {Title} group, but the camera's reply did not carry {string.Join(", ", missing)}; nothing was written.",
                    "The firmware may not support this setter; check the fields with Get-CamParam.", after.Camera?.Name);
            }
            result.Add(new KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>(Setter, query));
            return result;
        }

        private static KeyValuePair<string, string> Q(string name, string value) => new KeyValuePair<string, string>(name, value);
    }

    /// <summary>The codec of a group whose typed class is <typeparamref name="T"/>.</summary>
    internal sealed class CamGroupCodec<T> : CamGroupCodec where T : CamSettingsObject, new()
    {
        public CamGroupCodec(string group, int? slot = null) : base(typeof(T), group, slot, () => new T()) { }
    }
}
