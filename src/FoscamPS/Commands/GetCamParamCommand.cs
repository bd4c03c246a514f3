using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamParam: every field of get_params.cgi as one object per field, secrets masked.</summary>
    [Cmdlet(VerbsCommon.Get, "CamParam", HelpUri = CamHelp.Base + "Get-CamParam.md")]
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
        [ArgumentCompleter(typeof(Completers.ParamNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Settings groups to return (Device, DateTime, Users, Devices, Network, Wifi, Pppoe, Upnp, Ddns, Mail, Ftp, Alarm, Msn, Decoder, Other).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ParamGroupCompleter))]
        public string[]? Group { get; set; }

        /// <summary>Return passwords and keys as SecureString instead of a mask.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            CheckKnown();
            _names = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            _groups = Group?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        }

        /// <summary>An unknown group or field without wildcards is an error naming the valid values, before any request.</summary>
        private void CheckKnown()
        {
            var groups = Completers.ParamNames.Groups;
            foreach (var g in Group ?? Array.Empty<string>())
            {
                if (WildcardPattern.ContainsWildcardCharacters(g) || groups.Contains(g, StringComparer.OrdinalIgnoreCase)) continue;
                ThrowArgumentError("UnknownParamGroup", $"-Group '{g}' is not a settings group. Valid groups: {string.Join(", ", groups)}.", g);
            }
            var fields = Completers.ParamNames.Fields;
            foreach (var n in Name ?? Array.Empty<string>())
            {
                if (WildcardPattern.ContainsWildcardCharacters(n) || fields.Contains(n, StringComparer.OrdinalIgnoreCase)) continue;
                var cut = n.IndexOf('_');
                var prefix = cut > 0 ? n.Substring(0, cut + 1) : n;
                var near = fields.Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToArray();
                var hint = near.Length > 0 && near.Length <= 40
                    ? $"Fields starting with '{prefix}': {string.Join(", ", near)}."
                    : $"Valid groups: {string.Join(", ", groups)}; list a group's fields with Get-CamParam -Group <group>, or complete -Name with Tab.";
                ThrowArgumentError("UnknownParamName", $"-Name '{n}' is not a get_params field. {hint}", n);
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var reply = await SendAsync(session, context, CgiCatalogue.GetParams).ConfigureAwait(false);
            var vars = reply.Vars;
            CamResults.Learn(session, vars.GetString("id"), vars.GetString("alias"), CamResults.ParseVersion(vars.GetString("sys_ver")), CamResults.ParseVersion(vars.GetString("app_ver")));
            foreach (var pair in vars)
            {
                var field = pair.Key;
                var known = CamFieldTable.FindParam(field);
                var group = CamFieldTable.GroupOfParam(field, known);
                if (_names is not null && !AnyMatch(_names, field)) continue;
                if (_groups is not null && !AnyMatch(_groups, group)) continue;
                context.Emit(CamParam.FromField(session, known, group, field, pair.Value, IncludeSecret));
            }
        }

        /// <summary>A loop, not a lambda: a lambda over the field allocated a closure for every field of every camera (200 per camera).</summary>
        private static bool AnyMatch(WildcardPattern[] patterns, string text)
        {
            foreach (var p in patterns)
            {
                if (p.IsMatch(text)) return true;
            }
            return false;
        }

    }
}
