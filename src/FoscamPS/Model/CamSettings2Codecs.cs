using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>
    /// How one settings group is read (parse a get_* reply), merged (parameters by property name), written (the
    /// setter requests: one whole-group request, or one per changed field for camera_control) and compared.
    /// </summary>
    internal abstract class CamGroupCodec
    {
        /// <summary>Properties that are not settings (never merged or compared).</summary>
        private static readonly HashSet<string> NotSettings = new HashSet<string>(StringComparer.Ordinal) { "Camera", "HasPassword", "Account", "Fps", "IsUsed", "Index" };

        public abstract Type Type { get; }
        public abstract CgiDefinition ReadCgi { get; }
        /// <summary>Group name for messages ("PPPoE", "UPnP" …).</summary>
        public abstract string Title { get; }
        public abstract CamSettingsObject Parse(ICamera camera, CamVars vars);
        public abstract IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Writes(CamSettingsObject before, CamSettingsObject after);

        /// <summary>The settable properties of the group (= the Set- cmdlet's parameters).</summary>
        public IEnumerable<PropertyInfo> SettingProperties()
            => Type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => !NotSettings.Contains(p.Name) && p.GetSetMethod(true) is not null);

        /// <summary>A copy with <paramref name="overlay"/> (property name → value; "Account" → user name and password) applied.</summary>
        public CamSettingsObject Merge(CamSettingsObject current, IReadOnlyDictionary<string, object?> overlay)
        {
            var copy = Clone(current);
            foreach (var kv in overlay)
            {
                if (kv.Value is null) continue;
                if (kv.Key == "Account")
                {
                    var cred = (PSCredential)kv.Value;
                    var user = cred == PSCredential.Empty ? "" : (cred.UserName ?? "").Trim();
                    var pwd = cred == PSCredential.Empty ? "" : cred.GetNetworkCredential().Password ?? "";
                    Type.GetProperty("UserName")!.GetSetMethod(true)!.Invoke(copy, new object[] { user });
                    PasswordProperty!.SetValue(copy, pwd);
                    continue;
                }
                var p = Type.GetProperty(kv.Key, BindingFlags.Instance | BindingFlags.Public);
                if (p is null || NotSettings.Contains(p.Name)) continue;
                var value = kv.Value;
                if (p.PropertyType == typeof(string[]))
                {
                    var list = ((string[])value).Select(s => s ?? "").ToList();
                    var length = ((string[])p.GetValue(current)!).Length;
                    while (list.Count < length) list.Add("");
                    value = list.ToArray();
                }
                p.GetSetMethod(true)!.Invoke(copy, new[] { value });
            }
            return copy;
        }

        private PropertyInfo? PasswordProperty => Type.GetProperty("Password", BindingFlags.Instance | BindingFlags.NonPublic);

        public CamSettingsObject Clone(CamSettingsObject o)
        {
            var copy = (CamSettingsObject)Activator.CreateInstance(Type, nonPublic: true)!;
            copy.Camera = o.Camera;
            foreach (var p in Type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var set = p.GetSetMethod(true);
                if (set is null || p.Name == "Camera" || p.Name == "RevealSecrets") continue;
                var v = p.PropertyType == typeof(string) && p.GetGetMethod() is not null ? o.GetRawText(p.Name) : p.GetValue(o);
                if (v is string[] a) v = a.ToArray();
                set.Invoke(copy, new[] { v });
            }
            return copy;
        }

        /// <summary>Every setting equal, secrets included (compared, never shown).</summary>
        public bool Same(CamSettingsObject a, CamSettingsObject b) => Differences(a, b).Count == 0;

        /// <summary>Names of the settings that differ; a secret is named "Account (password)".</summary>
        public List<string> Differences(CamSettingsObject a, CamSettingsObject b)
        {
            var diff = new List<string>();
            foreach (var p in SettingProperties())
            {
                var x = p.PropertyType == typeof(string) ? a.GetRawText(p.Name) : p.GetValue(a);
                var y = p.PropertyType == typeof(string) ? b.GetRawText(p.Name) : p.GetValue(b);
                if (x is string[] xa && y is string[] ya ? !xa.SequenceEqual(ya) : !Equals(x, y)) diff.Add(p.Name);
            }
            if (PasswordProperty is { } pw && !Equals(pw.GetValue(a), pw.GetValue(b))) diff.Add("Account (password)");
            return diff;
        }

        /// <summary>"Name = value" of what the overlay sets, secrets masked (ShouldProcess text).</summary>
        public static string Describe(IReadOnlyDictionary<string, object?> overlay)
            => string.Join(", ", overlay.Where(kv => kv.Value is not null).Select(kv =>
                kv.Key + " = " + (kv.Value is PSCredential c ? (c == PSCredential.Empty ? "(none)" : c.UserName + " / ********")
                    : kv.Value is string[] a ? string.Join(";", a) : Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture))));

        protected static KeyValuePair<string, string> Q(string name, string value) => new KeyValuePair<string, string>(name, value);

        protected static IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> One(string cgi, List<KeyValuePair<string, string>> query)
        {
            yield return new KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>(CgiCatalogue.Get(cgi), query);
        }
    }

    internal abstract class CamGroupCodec<T> : CamGroupCodec where T : CamSettingsObject, new()
    {
        public override Type Type => typeof(T);
        public override CamSettingsObject Parse(ICamera camera, CamVars vars) { var t = new T { Camera = camera }; Fill(t, vars); return t; }
        protected abstract void Fill(T target, CamVars vars);
        public override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Writes(CamSettingsObject before, CamSettingsObject after) => Render((T)before, (T)after);
        protected abstract IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(T before, T after);
    }

    internal sealed class CamPppoeCodec : CamGroupCodec<CamPppoeSettings>
    {
        public static readonly CamPppoeCodec Instance = new CamPppoeCodec();
        public override CgiDefinition ReadCgi => CgiCatalogue.GetParams;
        public override string Title => "PPPoE";
        protected override void Fill(CamPppoeSettings t, CamVars v)
        {
            t.Enable = CamSettingsObject.Int(v, "pppoe_enable") == 1;
            t.UserName = CamSettingsObject.Str(v, "pppoe_user");
            t.Password = CamSettingsObject.Str(v, "pppoe_pwd");
        }
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamPppoeSettings b, CamPppoeSettings a)
            => One("set_pppoe.cgi", new List<KeyValuePair<string, string>> { Q("enable", CamSettingsObject.Bit(a.Enable)), Q("user", a.GetRawText("UserName")!), Q("pwd", a.Password) });
    }

    internal sealed class CamUpnpCodec : CamGroupCodec<CamUpnpSettings>
    {
        public static readonly CamUpnpCodec Instance = new CamUpnpCodec();
        public override CgiDefinition ReadCgi => CgiCatalogue.GetParams;
        public override string Title => "UPnP";
        protected override void Fill(CamUpnpSettings t, CamVars v) => t.Enable = CamSettingsObject.Int(v, "upnp_enable") == 1;
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamUpnpSettings b, CamUpnpSettings a)
            => One("set_upnp.cgi", new List<KeyValuePair<string, string>> { Q("enable", CamSettingsObject.Bit(a.Enable)) });
    }

    /// <summary>ddns_* (set_ddns.cgi) or factory_ddns_* (get_factory_ddns.cgi, set_factory_ddns.cgi): the same six fields.</summary>
    internal sealed class CamDdnsCodec<T> : CamGroupCodec<T> where T : CamDdnsSettings, new()
    {
        private readonly string _prefix;
        private readonly string _setter;
        private readonly CgiDefinition _read;

        public CamDdnsCodec(string prefix, string read, string setter, string title)
        {
            _prefix = prefix;
            _setter = setter;
            _read = CgiCatalogue.Get(read);
            Title = title;
        }

        public override CgiDefinition ReadCgi => _read;
        public override string Title { get; }
        protected override void Fill(T t, CamVars v)
        {
            t.Service = (CamDdnsService)CamSettingsObject.Int(v, _prefix + "service");
            t.UserName = CamSettingsObject.Str(v, _prefix + "user");
            t.Password = CamSettingsObject.Str(v, _prefix + "pwd");
            t.HostName = CamSettingsObject.Str(v, _prefix + "host");
            t.ProxyServer = CamSettingsObject.Str(v, _prefix + "proxy_svr");
            t.ProxyPort = CamSettingsObject.Int(v, _prefix + "proxy_port");
        }
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(T b, T a)
            => One(_setter, new List<KeyValuePair<string, string>>
            {
                Q("service", CamSettingsObject.Num((int)a.Service)), Q("user", a.GetRawText("UserName")!), Q("pwd", a.Password), Q("host", a.GetRawText("HostName")!),
                Q("proxy_svr", a.GetRawText("ProxyServer")!), Q("proxy_port", CamSettingsObject.Num(a.ProxyPort)),
            });
    }

    internal static class CamDdnsCodecs
    {
        public static readonly CamDdnsCodec<CamDdnsSettings> Ddns = new CamDdnsCodec<CamDdnsSettings>("ddns_", "get_params.cgi", "set_ddns.cgi", "DDNS");
        public static readonly CamDdnsCodec<CamFactoryDdnsSettings> Factory = new CamDdnsCodec<CamFactoryDdnsSettings>("factory_ddns_", "get_factory_ddns.cgi", "set_factory_ddns.cgi", "factory DDNS");
    }

    internal sealed class CamMsnCodec : CamGroupCodec<CamMsnSettings>
    {
        public static readonly CamMsnCodec Instance = new CamMsnCodec();
        public override CgiDefinition ReadCgi => CgiCatalogue.GetParams;
        public override string Title => "MSN";
        protected override void Fill(CamMsnSettings t, CamVars v)
        {
            t.UserName = CamSettingsObject.Str(v, "msn_user");
            t.Password = CamSettingsObject.Str(v, "msn_pwd");
            t.Friend = Enumerable.Range(1, 10).Select(i => CamSettingsObject.Str(v, "msn_friend" + i)).ToArray();
        }
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamMsnSettings b, CamMsnSettings a)
        {
            var q = new List<KeyValuePair<string, string>> { Q("user", a.GetRawText("UserName")!), Q("pwd", a.Password) };
            for (var i = 0; i < 10; i++) q.Add(Q("friend" + (i + 1), i < a.Friend.Length ? a.Friend[i] : ""));
            return One("set_msn.cgi", q);
        }
    }

    /// <summary>One devN_* entry; set_devices.cgi accepts one entry's five fields.</summary>
    internal sealed class CamDeviceLinkCodec : CamGroupCodec<CamDeviceLink>
    {
        public CamDeviceLinkCodec(int index) => Index = index;
        public int Index { get; }
        public override CgiDefinition ReadCgi => CgiCatalogue.GetParams;
        public override string Title => "multi-device entry " + Index;
        protected override void Fill(CamDeviceLink t, CamVars v)
        {
            var p = "dev" + Index + "_";
            t.Index = Index;
            t.Alias = CamSettingsObject.Str(v, p + "alias");
            t.HostName = CamSettingsObject.Str(v, p + "host");
            t.Port = CamSettingsObject.Int(v, p + "port");
            t.UserName = CamSettingsObject.Str(v, p + "user");
            t.Password = CamSettingsObject.Str(v, p + "pwd");
        }
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamDeviceLink b, CamDeviceLink a)
        {
            var p = "dev" + Index + "_";
            return One("set_devices.cgi", new List<KeyValuePair<string, string>>
            {
                Q(p + "alias", a.GetRawText("Alias")!), Q(p + "host", a.GetRawText("HostName")!), Q(p + "port", CamSettingsObject.Num(a.Port)), Q(p + "user", a.GetRawText("UserName")!), Q(p + "pwd", a.Password),
            });
        }
    }

    internal sealed class CamMiscCodec : CamGroupCodec<CamMiscSettings>
    {
        public static readonly CamMiscCodec Instance = new CamMiscCodec();
        public override CgiDefinition ReadCgi => CgiCatalogue.Get("get_misc.cgi");
        public override string Title => "LED/PTZ";
        protected override void Fill(CamMiscSettings t, CamVars v)
        {
            t.LedMode = (CamLedMode)CamSettingsObject.Int(v, "led_mode");
            t.PtzCenterOnStart = CamSettingsObject.Int(v, "ptz_center_onstart") == 1;
            t.PtzAutoPatrolInterval = CamSettingsObject.Int(v, "ptz_auto_patrol_interval");
            t.PtzAutoPatrolType = (CamPatrolType)CamSettingsObject.Int(v, "ptz_auto_patrol_type");
            t.PtzPatrolHRounds = CamSettingsObject.Int(v, "ptz_patrol_h_rounds");
            t.PtzPatrolVRounds = CamSettingsObject.Int(v, "ptz_patrol_v_rounds");
            t.PtzPatrolRate = CamSettingsObject.Int(v, "ptz_patrol_rate");
            t.PtzPatrolUpRate = CamSettingsObject.Int(v, "ptz_patrol_up_rate");
            t.PtzPatrolDownRate = CamSettingsObject.Int(v, "ptz_patrol_down_rate");
            t.PtzPatrolLeftRate = CamSettingsObject.Int(v, "ptz_patrol_left_rate");
            t.PtzPatrolRightRate = CamSettingsObject.Int(v, "ptz_patrol_right_rate");
            t.PtzDisablePreset = CamSettingsObject.Int(v, "ptz_disable_preset") == 1;
            t.PtzPresetOnStart = CamSettingsObject.Int(v, "ptz_preset_onstart");
        }
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamMiscSettings b, CamMiscSettings a)
            => One("set_misc.cgi", new List<KeyValuePair<string, string>>
            {
                Q("led_mode", CamSettingsObject.Num((int)a.LedMode)), Q("ptz_center_onstart", CamSettingsObject.Bit(a.PtzCenterOnStart)),
                Q("ptz_auto_patrol_interval", CamSettingsObject.Num(a.PtzAutoPatrolInterval)), Q("ptz_auto_patrol_type", CamSettingsObject.Num((int)a.PtzAutoPatrolType)),
                Q("ptz_patrol_h_rounds", CamSettingsObject.Num(a.PtzPatrolHRounds)), Q("ptz_patrol_v_rounds", CamSettingsObject.Num(a.PtzPatrolVRounds)),
                Q("ptz_patrol_rate", CamSettingsObject.Num(a.PtzPatrolRate)), Q("ptz_patrol_up_rate", CamSettingsObject.Num(a.PtzPatrolUpRate)),
                Q("ptz_patrol_down_rate", CamSettingsObject.Num(a.PtzPatrolDownRate)), Q("ptz_patrol_left_rate", CamSettingsObject.Num(a.PtzPatrolLeftRate)),
                Q("ptz_patrol_right_rate", CamSettingsObject.Num(a.PtzPatrolRightRate)), Q("ptz_disable_preset", CamSettingsObject.Bit(a.PtzDisablePreset)),
                Q("ptz_preset_onstart", CamSettingsObject.Num(a.PtzPresetOnStart)),
            });
    }

    /// <summary>camera_control.cgi takes one param per request: only the changed fields are written, one request each.</summary>
    internal sealed class CamImageCodec : CamGroupCodec<CamImageSettings>
    {
        public static readonly CamImageCodec Instance = new CamImageCodec();
        public override CgiDefinition ReadCgi => CgiCatalogue.Get("get_camera_params.cgi");
        public override string Title => "image";
        protected override void Fill(CamImageSettings t, CamVars v)
        {
            t.Resolution = (CamResolution)CamSettingsObject.Int(v, "resolution");
            t.Brightness = CamSettingsObject.Int(v, "brightness");
            t.Contrast = CamSettingsObject.Int(v, "contrast");
            t.Mode = (CamPowerLineMode)CamSettingsObject.Int(v, "mode");
            t.Flip = (CamFlip)CamSettingsObject.Int(v, "flip");
            t.Fps = v.GetInt32("fps");
        }
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamImageSettings b, CamImageSettings a)
        {
            var cgi = CgiCatalogue.Get("camera_control.cgi");
            KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>> W(int param, int value)
                => new KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>(cgi, new List<KeyValuePair<string, string>> { Q("param", CamSettingsObject.Num(param)), Q("value", CamSettingsObject.Num(value)) });
            if (a.Resolution != b.Resolution) yield return W(0, (int)a.Resolution);
            if (a.Brightness != b.Brightness) yield return W(1, a.Brightness);
            if (a.Contrast != b.Contrast) yield return W(2, a.Contrast);
            if (a.Mode != b.Mode) yield return W(3, (int)a.Mode);
            if (a.Flip != b.Flip) yield return W(5, (int)a.Flip);
        }
    }

    internal sealed class CamDecoderCodec : CamGroupCodec<CamDecoderSettings>
    {
        public static readonly CamDecoderCodec Instance = new CamDecoderCodec();
        public override CgiDefinition ReadCgi => CgiCatalogue.GetParams;
        public override string Title => "decoder";
        protected override void Fill(CamDecoderSettings t, CamVars v) => t.Baud = (CamBaudRate)CamSettingsObject.Int(v, "decoder_baud");
        protected override IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> Render(CamDecoderSettings b, CamDecoderSettings a)
            => One("set_decoder.cgi", new List<KeyValuePair<string, string>> { Q("baud", CamSettingsObject.Num((int)a.Baud)) });
    }
}
