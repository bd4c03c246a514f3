using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of Test-CamMail and Test-CamFtp: one test CGI per camera (a side effect: the camera sends a mail or
    /// uploads a file with its SAVED settings), never retried, asked with ShouldProcess, answered as a typed result.
    /// </summary>
    public abstract class CamServiceTestCmdlet : CamFleetCmdlet
    {
        /// <summary>The test CGI (test_mail.cgi, test_ftp.cgi).</summary>
        internal abstract string TestCgi { get; }

        /// <summary>The typed result for the camera's raw code.</summary>
        internal abstract CamServiceTestResult CreateResult(CamSession session, int rawCode);

        protected override bool AsksShouldProcess => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var cgi = CgiCatalogue.Get(TestCgi);
            var reply = await SendAsync(session, context, cgi).ConfigureAwait(false);
            // The camera may have sent the mail / uploaded the file before its answer went wrong: advice follows the CGI.
            var raw = reply.Vars.GetInt32("result")
                ?? throw new CamProtocolException($"Camera {session.Name}: {TestCgi} answered without a numeric result.", cgi.Safety, session.Name);
            var result = CreateResult(session, raw);
            if (!result.Succeeded) context.Verbose($"{session.Name}: {TestCgi} failed with code {raw} ({result.Message}).");
            context.Emit(result);
        }
    }
}
