using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamStatus: get_status.cgi of each camera.</summary>
    [Cmdlet(VerbsCommon.Get, "CamStatus", HelpUri = CamHelp.Base + "Get-CamStatus.md")]
    [OutputType(typeof(CamStatus))]
    public sealed class GetCamStatusCommand : CamFleetCmdlet
    {
        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var reply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
            context.Emit(CamResults.Status(session, reply.Vars));
        }
    }
}
