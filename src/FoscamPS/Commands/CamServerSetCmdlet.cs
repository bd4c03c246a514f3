using System.Management.Automation;

namespace FoscamPS.Commands
{
    /// <summary>
    /// The parameters Set-CamFtp and Set-CamMail share (set_ftp.cgi and set_mail.cgi both name a server, its port and
    /// an account); derived cmdlets add their own and name the codec.
    /// </summary>
    public abstract class CamServerSetCmdlet : CamGroupSetCmdlet
    {
        /// <summary>The server (at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Server { get; set; }

        /// <summary>The server's port.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Port { get; set; }

        /// <summary>User name and password on the server (each at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public PSCredential? Account { get; set; }
    }
}
