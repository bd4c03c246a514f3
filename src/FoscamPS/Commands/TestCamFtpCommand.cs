using System.Management.Automation;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Test-CamFtp: the camera tests its saved FTP settings (test_ftp.cgi).</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CamFtp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Test-CamFtp.md")]
    [OutputType(typeof(CamFtpTestResult))]
    public sealed class TestCamFtpCommand : CamServiceTestCmdlet
    {
        internal override string TestCgi => "test_ftp.cgi";

        protected override string ShouldProcessAction => "Test the camera's saved FTP settings (connect and upload a file)";

        internal override CamServiceTestResult CreateResult(CamSession session, int rawCode) => CamServiceTestResult.Create<CamFtpTestResult>(session, rawCode);
    }
}
