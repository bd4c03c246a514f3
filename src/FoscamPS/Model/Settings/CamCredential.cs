using System;
using System.Management.Automation;
using System.Net;

namespace FoscamPS.Model
{
    /// <summary>
    /// A user name and password read from a camera with -IncludeSecret (an account of the camera, or of a service it
    /// uses: FTP, SMTP, DDNS, PPPoE, MSN, another camera). Unlike a PSCredential it shows no password length:
    /// <c>ConvertTo-Json</c>, <c>Export-Csv</c> and format views see only <see cref="UserName"/> and
    /// <see cref="HasPassword"/>. It converts to a PSCredential wherever one is expected (the Set- cmdlets' -Account
    /// binds it by property name), and <see cref="GetNetworkCredential"/> reads it like a PSCredential.
    /// </summary>
    public sealed class CamCredential
    {
        private readonly PSCredential _credential;

        public CamCredential(PSCredential credential) => _credential = credential ?? throw new ArgumentNullException(nameof(credential));

        public string UserName => _credential.UserName;

        /// <summary>True when the password is not blank.</summary>
        public bool HasPassword => _credential.Password is { Length: > 0 };

        /// <summary>The user name and password (as PSCredential.GetNetworkCredential()).</summary>
        public NetworkCredential GetNetworkCredential() => _credential.GetNetworkCredential();

        /// <summary>The PSCredential.</summary>
        public PSCredential ToPSCredential() => _credential;

        public static implicit operator PSCredential?(CamCredential? credential) => credential?._credential;

        public override string ToString() => UserName;
    }
}
