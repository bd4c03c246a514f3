using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Get-CamConfig: every settings group of a camera in one object, from one get_params read plus get_misc,
    /// get_forbidden and get_camera_params; fields no table knows are kept.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CamConfig", HelpUri = CamHelp.Base + "Get-CamConfig.md")]
    [OutputType(typeof(CamConfig))]
    public sealed class GetCamConfigCommand : CamFleetCmdlet
    {
        /// <summary>Include every secret (accounts as PSCredential, keys as CamSecret with the value inside).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var vars = (await SendAsync(session, context, CgiCatalogue.GetParams).ConfigureAwait(false)).Vars;
            CamGroupGetCmdlet.LearnIdentity(session, vars);
            T Group<T>(CamGroupCodec codec, CamVars v) where T : CamSettingsObject
            {
                var o = (T)codec.Parse(session, v);
                o.RevealSecrets = IncludeSecret;
                return o;
            }
            var config = new CamConfig
            {
                Camera = session,
                CameraId = vars.GetString("id"),
                Alias = vars.GetString("alias"),
                SystemVersion = CamResults.ParseVersion(vars.GetString("sys_ver")),
                WebUiVersion = CamResults.ParseVersion(vars.GetString("app_ver")),
                Network = Group<CamNetworkSettings>(CamGroupCodecs.Network, vars),
                Wifi = Group<CamWifiSettings>(CamGroupCodecs.Wifi, vars),
                DateTime = Group<CamDateTimeSettings>(CamGroupCodecs.DateTime, vars),
                Users = CamUserSlotsIo.Parse(vars).Select((slot, i) => (slot, i)).Where(x => x.slot.IsUsed)
                    .Select(x => CamUserSlotsIo.ToUser(session, x.slot, x.i, IncludeSecret)).ToArray(),
                DeviceLinks = Enumerable.Range(CamFieldTable.FirstDevice, CamFieldTable.LastDevice - CamFieldTable.FirstDevice + 1)
                    .Select(i => Group<CamDeviceLink>(CamGroupCodecs.DeviceLink(i), vars)).Where(l => l.IsUsed).ToArray(),
                Pppoe = Group<CamPppoeSettings>(CamGroupCodecs.Pppoe, vars),
                Upnp = Group<CamUpnpSettings>(CamGroupCodecs.Upnp, vars),
                Ddns = Group<CamDdnsSettings>(CamGroupCodecs.Ddns, vars),
                Mail = Group<CamMailSettings>(CamGroupCodecs.Mail, vars),
                Ftp = Group<CamFtpSettings>(CamGroupCodecs.Ftp, vars),
                Alarm = Group<CamAlarmSettings>(CamGroupCodecs.Alarm, vars),
                Msn = Group<CamMsnSettings>(CamGroupCodecs.Msn, vars),
                Decoder = Group<CamDecoderSettings>(CamGroupCodecs.Decoder, vars),
                Extra = Unclaimed(vars, IncludeSecret),
            };
            config.Misc = await OptionalAsync<CamMiscSettings>(session, context, CamGroupCodecs.Misc).ConfigureAwait(false);
            config.PrivacySchedule = await OptionalAsync<CamPrivacySchedule>(session, context, CamGroupCodecs.PrivacySchedule).ConfigureAwait(false);
            config.ImageSetting = await OptionalAsync<CamImageSettings>(session, context, CamGroupCodecs.Image).ConfigureAwait(false);
            context.Emit(config);
        }

        /// <summary>A group of its own CGI; a camera without that CGI (404, or not answering it) gives null and a warning.</summary>
        private async Task<T?> OptionalAsync<T>(CamSession session, FleetContext context, CamGroupCodec codec) where T : CamSettingsObject
        {
            try
            {
                var o = (T)codec.Parse(session, (await SendAsync(session, context, codec.ReadCgi).ConfigureAwait(false)).Vars);
                o.RevealSecrets = IncludeSecret;
                return o;
            }
            catch (CamException ex) when (ex is CamNotSupportedException || ex is CamIllegalParamsException)
            {
                context.Warning($"Camera {session.Name}: {codec.ReadCgi.Name} is not available ({ex.Message}); the {codec.Title} settings are left out.");
                return null;
            }
        }

        /// <summary>get_params fields that no group knows or claims by prefix (secret-looking names masked unless revealed).</summary>
        internal static Dictionary<string, object> Unclaimed(CamVars vars, bool reveal)
        {
            var d = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var kv in vars)
            {
                if (kv.Key.IndexOf('[') >= 0) continue;
                var known = CamFieldTable.FindParam(kv.Key);
                if (known is not null || CamFieldTable.GroupOfParam(kv.Key, known) != "Other") continue;
                d[kv.Key] = CamSettingsObject.ExtraValue(kv.Key, kv.Value.Text, reveal);
            }
            return d;
        }
    }
}
