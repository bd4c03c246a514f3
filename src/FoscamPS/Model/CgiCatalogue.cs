using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>How a CGI exchanges data.</summary>
    public enum CgiKind
    {
        /// <summary>Returns <c>var name=value;</c> lines.</summary>
        Query,
        /// <summary>Returns <c>ok.</c> or <c>error: …</c>.</summary>
        Command,
        /// <summary>Returns binary media (JPEG, MJPEG, ASF) or a file.</summary>
        Media,
        /// <summary>multipart/form-data POST with the file in field <c>file</c>.</summary>
        Upload,
    }

    /// <summary>One CGI of the camera's HTTP API (ipcam-cgi v1.21 plus what real firmware does).</summary>
    public sealed class CgiDefinition
    {
        internal CgiDefinition(string name, CamPrivilege privilege, CgiKind kind, CgiSafety safety, string? group, bool loginAsCamUser, string[]? requiredFields)
        {
            Name = name;
            Privilege = privilege;
            Kind = kind;
            Safety = safety;
            Group = group;
            LoginAsCamUser = loginAsCamUser;
            RequiredFields = requiredFields ?? Array.Empty<string>();
        }

        /// <summary>File name, e.g. <c>get_params.cgi</c>.</summary>
        public string Name { get; }
        /// <summary>Least privilege the camera demands.</summary>
        public CamPrivilege Privilege { get; }
        public CgiKind Kind { get; }
        /// <summary>Retry policy class (read-only CGIs retry, writes never blindly).</summary>
        public CgiSafety Safety { get; }
        /// <summary>Settings group the CGI reads or writes (null for actions).</summary>
        public string? Group { get; }
        /// <summary>The CGI has its own <c>user</c>/<c>pwd</c> fields; query login goes in <c>cam_user</c>/<c>cam_pwd</c>.</summary>
        public bool LoginAsCamUser { get; }
        /// <summary>Fields firmware insists on (whole-group setters reject partial updates).</summary>
        public IReadOnlyList<string> RequiredFields { get; }

        /// <summary>
        /// What a successful reply must look like, from the kind: setters, actions and uploads exactly <c>ok.</c>,
        /// get_* CGIs complete <c>var</c> statements (the transport checks it, in one place).
        /// </summary>
        public CamReplyExpectation Expect => Kind switch
        {
            CgiKind.Command => CamReplyExpectation.Ok,
            CgiKind.Upload => CamReplyExpectation.Ok,
            CgiKind.Query => CamReplyExpectation.Vars,
            _ => CamReplyExpectation.Any,
        };

        /// <summary>Largest body accepted for a media CGI (checked on the Content-Length header); null = unbounded stream.</summary>
        public long? MaxReplyBytes { get; internal set; }

        /// <summary>Builds a request for this CGI with its safety, login, reply and size rules applied.</summary>
        public CamRequest CreateRequest(IEnumerable<KeyValuePair<string, string>>? query = null)
            => new CamRequest(Name, Safety, query) { LoginAsCamUser = LoginAsCamUser, Expect = Expect, MaxBytes = MaxReplyBytes };

        public override string ToString() => Name;
    }

    /// <summary>The CGI catalogue: every CGI of the API as data, looked up by name.</summary>
    public static class CgiCatalogue
    {
        /// <summary>Largest snapshot accepted (a VGA JPEG is about 35 KB).</summary>
        public const long MaxSnapshotBytes = 8L << 20;

        /// <summary>Largest params.bin accepted (real ones are about 5 KB).</summary>
        public const long MaxBackupBytes = 4L << 20;

        private static readonly string[] Days = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

        private static readonly Dictionary<string, CgiDefinition> ByName = Build().ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

        public static IReadOnlyCollection<CgiDefinition> All => ByName.Values;

        public static CgiDefinition Get(string name)
            => ByName.TryGetValue(name, out var d) ? d : throw new ArgumentException($"Unknown CGI '{name}'.", nameof(name));

        // Well-known entries used by the core.
        public static CgiDefinition GetStatus => Get("get_status.cgi");
        public static CgiDefinition GetParams => Get("get_params.cgi");
        public static CgiDefinition CheckUser => Get("check_user.cgi");
        public static CgiDefinition Snapshot => Get("snapshot.cgi");

        private static string[] Schedule(string prefix)
            => Days.SelectMany(d => new[] { $"{prefix}{d}_0", $"{prefix}{d}_1", $"{prefix}{d}_2" }).ToArray();

        private static IEnumerable<CgiDefinition> Build()
        {
            const CamPrivilege V = CamPrivilege.Visitor, O = CamPrivilege.Operator, A = CamPrivilege.Administrator;
            const CgiSafety R = CgiSafety.ReadOnly, W = CgiSafety.Write, S = CgiSafety.SideEffect;
            CgiDefinition D(string n, CamPrivilege p, CgiKind k, CgiSafety s, string? g = null, bool cam = false, string[]? req = null)
                => new CgiDefinition(n, p, k, s, g, cam, req);

            var users = Enumerable.Range(1, 8).SelectMany(i => new[] { $"user{i}", $"pwd{i}", $"pri{i}" }).ToArray();
            var wifi = new[] { "enable", "ssid", "encrypt", "defkey", "key1", "key2", "key3", "key4", "authtype", "keyformat", "key1_bits", "key2_bits", "key3_bits", "key4_bits", "channel", "mode", "wpa_psk" };
            var mail = new[] { "svr", "port", "user", "pwd", "sender", "receiver1", "receiver2", "receiver3", "receiver4", "mail_inet_ip", "tls" };
            var forbidden = new[] { "schedule_enable" }.Concat(Schedule("schedule_")).ToArray();

            // visitor
            yield return D("check_user.cgi", V, CgiKind.Query, R);
            yield return new CgiDefinition("snapshot.cgi", V, CgiKind.Media, R, null, false, null) { MaxReplyBytes = MaxSnapshotBytes };
            yield return D("videostream.cgi", V, CgiKind.Media, R);
            yield return D("videostream.asf", V, CgiKind.Media, R);
            yield return D("get_camera_params.cgi", V, CgiKind.Query, R, "camera");
            // anonymous on legacy firmware, authenticated from 11.37.2.56
            yield return D("get_status.cgi", V, CgiKind.Query, R, "status");
            // operator
            yield return D("decoder_control.cgi", O, CgiKind.Command, S, "ptz", req: new[] { "command" });
            yield return D("camera_control.cgi", O, CgiKind.Command, W, "camera", req: new[] { "param", "value" });
            yield return D("set_extra_io.cgi", O, CgiKind.Command, S, "io", req: new[] { "value" });
            yield return D("comm_write.cgi", O, CgiKind.Command, S, "serial", req: new[] { "port", "baud", "bytes", "data" });
            // administrator: reads
            yield return D("get_params.cgi", A, CgiKind.Query, R, "params");
            yield return D("get_misc.cgi", A, CgiKind.Query, R, "misc");
            yield return D("get_forbidden.cgi", A, CgiKind.Query, R, "forbidden");
            yield return D("get_wifi_scan_result.cgi", A, CgiKind.Query, R, "wifiscan");
            yield return D("get_log.cgi", A, CgiKind.Query, R, "log");
            yield return D("get_factory_ddns.cgi", A, CgiKind.Query, R, "factoryddns");
            yield return new CgiDefinition("backup_params.cgi", A, CgiKind.Media, R, "backup", false, null) { MaxReplyBytes = MaxBackupBytes };
            // administrator: settings writes (whole groups where firmware demands it)
            yield return D("set_alias.cgi", A, CgiKind.Command, W, "alias", req: new[] { "alias" });
            yield return D("set_datetime.cgi", A, CgiKind.Command, W, "datetime");
            yield return D("set_users.cgi", A, CgiKind.Command, W, "users", req: users);
            yield return D("set_devices.cgi", A, CgiKind.Command, W, "devices");
            yield return D("set_network.cgi", A, CgiKind.Command, W, "network", req: new[] { "ip", "mask", "gateway", "dns", "port" });
            yield return D("set_wifi.cgi", A, CgiKind.Command, W, "wifi", req: wifi);
            yield return D("set_pppoe.cgi", A, CgiKind.Command, W, "pppoe", cam: true);
            yield return D("set_upnp.cgi", A, CgiKind.Command, W, "upnp", req: new[] { "enable" });
            yield return D("set_ddns.cgi", A, CgiKind.Command, W, "ddns", cam: true, req: new[] { "service", "user", "pwd", "host", "proxy_svr", "proxy_port" });
            yield return D("set_ftp.cgi", A, CgiKind.Command, W, "ftp", cam: true);
            yield return D("set_mail.cgi", A, CgiKind.Command, W, "mail", cam: true, req: mail);
            yield return D("set_msn.cgi", A, CgiKind.Command, W, "msn", cam: true);
            yield return D("set_alarm.cgi", A, CgiKind.Command, W, "alarm");
            yield return D("set_forbidden.cgi", A, CgiKind.Command, W, "forbidden", req: forbidden);
            yield return D("set_misc.cgi", A, CgiKind.Command, W, "misc");
            yield return D("set_decoder.cgi", A, CgiKind.Command, W, "decoder", req: new[] { "baud" });
            yield return D("set_mac.cgi", A, CgiKind.Command, S, "mac", req: new[] { "mac" });
            yield return D("set_factory_ddns.cgi", A, CgiKind.Command, W, "factoryddns", cam: true);
            // administrator: actions
            yield return D("reboot.cgi", A, CgiKind.Command, S);
            yield return D("restore_factory.cgi", A, CgiKind.Command, S);
            yield return D("restore_factory_ddns.cgi", A, CgiKind.Command, S);
            yield return D("wifi_scan.cgi", A, CgiKind.Command, S);
            yield return D("test_mail.cgi", A, CgiKind.Query, S);
            yield return D("test_ftp.cgi", A, CgiKind.Query, S);
            yield return D("upgrade_firmware.cgi", A, CgiKind.Upload, S);
            yield return D("upgrade_htmls.cgi", A, CgiKind.Upload, S);
            yield return D("restore_params.cgi", A, CgiKind.Upload, S);
            yield return D("set_factory_params.cgi", A, CgiKind.Upload, S);
        }
    }
}
