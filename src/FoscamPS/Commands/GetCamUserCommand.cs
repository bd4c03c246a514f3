using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamUser: the camera's accounts, one object per used slot, privileges on one scale, passwords only with -IncludeSecret.</summary>
    [Cmdlet(VerbsCommon.Get, "CamUser", HelpUri = CamHelp.Base + "Get-CamUser.md")]
    [OutputType(typeof(CamUser))]
    public sealed class GetCamUserCommand : CamFleetCmdlet
    {
        /// <summary>Only accounts whose name matches (wildcards).</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        /// <summary>Include each account's password (in the Account PSCredential).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        private WildcardPattern[]? _names;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (UserName is not null)
            {
                _names = new WildcardPattern[UserName.Length];
                for (var i = 0; i < UserName.Length; i++) _names[i] = new WildcardPattern(UserName[i], WildcardOptions.None);
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var slots = await CamUserSlotsIo.ReadAsync(this, session, context).ConfigureAwait(false);
            for (var i = 0; i < slots.Count; i++)
            {
                if (!slots[i].IsUsed) continue;
                if (_names is not null && !System.Array.Exists(_names, p => p.IsMatch(slots[i].Name))) continue;
                context.Emit(CamUserSlotsIo.ToUser(session, slots[i], i, IncludeSecret));
            }
        }
    }
}
