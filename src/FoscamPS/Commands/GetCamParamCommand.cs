using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamParam: every field of get_params.cgi as one object per field, secrets masked.</summary>
    [Cmdlet(VerbsCommon.Get, "CamParam")]
    [OutputType(typeof(CamParam))]
    public sealed class GetCamParamCommand : CamFleetCmdlet
    {
        internal const string Mask = "********";
        private WildcardPattern[]? _names;
        private WildcardPattern[]? _groups;

        /// <summary>Field names to return (wildcards), e.g. wifi_*.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Settings groups to return (Device, DateTime, Users, Devices, Network, Wifi, Pppoe, Upnp, Ddns, Mail, Ftp, Alarm, Msn, Decoder, Other).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Group { get; set; }

        /// <summary>Return passwords and keys as SecureString instead of a mask.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _names = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            _groups = Group?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var reply = await SendAsync(session, context, CgiCatalogue.GetParams).ConfigureAwait(false);
            var vars = reply.Vars;
            CamResults.Learn(session, vars.GetString("id"), vars.GetString("alias"), CamResults.ParseVersion(vars.GetString("sys_ver")), CamResults.ParseVersion(vars.GetString("app_ver")));
            foreach (var pair in vars)
            {
                var field = pair.Key;
                var group = ParamFieldCatalogue.GroupOf(field);
                if (_names is not null && !_names.Any(p => p.IsMatch(field))) continue;
                if (_groups is not null && !_groups.Any(p => p.IsMatch(group))) continue;
                var secret = ParamFieldCatalogue.IsSecret(field);
                object? value;
                if (secret)
                {
                    value = IncludeSecret ? ToSecureString(pair.Value.Text) : (object)Mask;
                }
                else
                {
                    value = ParamFieldCatalogue.Convert(field, pair.Value);
                }
                context.Emit(new CamParam { Camera = session, Group = group, Name = field, Value = value, IsSecret = secret });
            }
        }

        private static SecureString ToSecureString(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }
    }
}
