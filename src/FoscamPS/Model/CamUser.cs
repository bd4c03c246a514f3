using System.Management.Automation;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>One used account slot of a camera (Get-CamUser). Property names match the parameters of Add-/Set-/Remove-CamUser.</summary>
    public sealed class CamUser : CamTextObject
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Slot number 1–8 (userN_* in get_params.cgi).</summary>
        public int Slot { get; internal set; }
        private string _userName = "";
        /// <summary>The account name (control characters shown visibly; GetRawText("UserName") has the camera's text).</summary>
        public string UserName { get => _userName; internal set => _userName = SetText(nameof(UserName), value) ?? ""; }
        /// <summary>On the check_user scale (Visitor, Operator, Administrator) whatever scale the reply used.</summary>
        public CamPrivilege Privilege { get; internal set; }
        /// <summary>True when the account has a non-empty password.</summary>
        public bool HasPassword { get; internal set; }
        /// <summary>True for the account the session that read it logs in with.</summary>
        public bool IsSessionUser { get; internal set; }
        /// <summary>Name and password as a CamCredential (converts to a PSCredential); null unless -IncludeSecret was given.</summary>
        public CamCredential? Account { get; internal set; }

        public override string ToString() => UserName;
    }
}
