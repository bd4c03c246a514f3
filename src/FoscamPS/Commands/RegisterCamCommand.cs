using System;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Fleet.Store;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Register-Cam: adds a camera to the persistent registry (no secret in it) and its credential to the encrypted store or a reference.</summary>
    [Cmdlet(VerbsLifecycle.Register, "Cam", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Register-Cam.md")]
    [OutputType(typeof(CamRegistryEntry))]
    public sealed class RegisterCamCommand : CamRegistryCmdlet
    {
        private const string StoreSet = "Store";
        private const string VaultSet = "Vault";
        private const string AutomationSet = "Automation";

        /// <summary>Name of the camera in the registry (letters, digits, '-', '_', '.').</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string Name { get; set; } = "";

        /// <summary>Address: host, host:port, IP address or http://host:port/ (no credentials in it).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Uri", "HostName")]
        [AllowEmptyString]
        public string Address { get; set; } = "";

        /// <summary>Port (1-65535) when -Address has none, e.g. a Port column of a CSV file.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Port { get; set; }

        /// <summary>Credential to keep in the encrypted credential store.</summary>
        [Parameter(ParameterSetName = StoreSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Name of a SecretManagement secret (a PSCredential) resolved at call time with Get-Secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        public string? VaultSecret { get; set; }

        /// <summary>SecretManagement vault holding -VaultSecret (default: the default vault).</summary>
        [Parameter(ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>Name of an Azure Automation credential asset resolved at call time with Get-AutomationPSCredential.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AutomationSet)]
        [ValidateNotNullOrEmpty]
        public string? AutomationCredential { get; set; }

        /// <summary>Tags for grouping (Get-CamRegistration -Tag).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>Free text.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Description { get; set; }

        /// <summary>Camera id (MAC, 12 hex digits) expected at the address; learnt on first contact when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CameraId")] // Find-Cam output (and sessions, registrations) pins the id it reported
        [AllowEmptyString]
        [AllowNull]
        public string? ExpectedCameraId { get; set; }

        /// <summary>Replace an existing registration of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private int _row;

        protected override void ProcessRecord()
        {
            // Rows of Import-Csv (or any piped objects) are counted so an error names the row and the column.
            var piped = MyInvocation.ExpectingInput;
            if (piped) _row++;
            var label = string.IsNullOrWhiteSpace(Name) ? (piped ? $"row {_row}" : "-Name") : Name.Trim();

            bool Reject(string errorId, string column, string problem)
            {
                var message = piped ? $"Row {_row}, column {column}: {problem} The row was not registered." : $"-{column}: {problem}";
                var record = new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, label);
                if (piped) WriteError(record);
                else ThrowTerminatingError(record);
                return false;
            }

            var name = (Name ?? string.Empty).Trim();
            var nameProblem = CamRegistryEntry.ValidateName(name);
            if (nameProblem is not null && !Reject("InvalidName", "Name", nameProblem)) return;

            if (!TryAddress(out var address, out var column, out var errorId, out var problem))
            {
                Reject(errorId!, column!, problem!);
                return;
            }

            string? cameraId = null;
            if (!string.IsNullOrWhiteSpace(ExpectedCameraId))
            {
                var id = ExpectedCameraId!.Trim().Replace(":", string.Empty).Replace("-", string.Empty);
                if (id.Length != 12 || !id.All(Uri.IsHexDigit))
                {
                    Reject("InvalidCameraId", "ExpectedCameraId", $"'{ExpectedCameraId}' is not a camera id (12 hex digits, e.g. 00A0F1B2C3D4).");
                    return;
                }
                cameraId = CamRegistryEntry.NormalizeCameraId(id);
            }

            var tags = CamTagList.Split(Tag);
            var description = string.IsNullOrWhiteSpace(Description) ? null : Description;
            if (!ShouldProcessOrExplain($"{name} ({address})", Force ? "Register camera (replace existing)" : "Register camera")) return;
            Try(name, () =>
            {
                var entry = new CamRegistryEntry(name, address!)
                {
                    Tags = tags,
                    Description = description,
                    ExpectedCameraId = cameraId,
                    UserName = Credential?.UserName,
                    CredentialRef = CredentialRefFor(Credential, VaultSecret, Vault, AutomationCredential),
                };
                try
                {
                    entry.NormalizeAndValidate();
                }
                catch (ArgumentException ex)
                {
                    Reject("InvalidRegistration", ex.ParamName ?? "Name", ex.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0]);
                    return;
                }
                // Credential first: a registration never refers to a secret that is not there.
                if (Credential is not null) StoreCredential(name, address!, Credential);
                var added = Registry.Add(entry, Force);
                if (Credential is null)
                {
                    using var store = Registrations.OpenStore();
                    store.Remove(name);
                }
                WriteObject(added);
            });
        }

        /// <summary>-Address (+ -Port) as the registry keeps it; never echoes a password.</summary>
        private bool TryAddress(out string? address, out string? column, out string? errorId, out string? problem)
        {
            address = null;
            column = "Address";
            errorId = "InvalidAddress";
            problem = null;
            var text = (Address ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                problem = "the camera address is empty.";
                return false;
            }
            if (CamTarget.StripUserInfo(text) is { } stripped)
            {
                errorId = CamTarget.CredentialInAddressErrorId;
                problem = $"the address '{stripped}' contained a user name or password, which is never kept in the registry; give the address alone and the account with -Credential.";
                return false;
            }
            int? port = null;
            if (!string.IsNullOrWhiteSpace(Port))
            {
                if (!int.TryParse(Port!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p < 1 || p > 65535)
                {
                    column = "Port";
                    errorId = "InvalidPort";
                    problem = $"'{Port}' is not a port number from 1 to 65535.";
                    return false;
                }
                port = p;
            }
            if (!CamAddress.TryParse(text, out var parsed, out var error))
            {
                // A bare IPv6 literal with a Port column: bracket it.
                if (port is not null && CamAddress.TryParse("[" + text + "]", out var v6, out _) && v6.IsIPv6) parsed = v6;
                else
                {
                    problem = error;
                    return false;
                }
            }
            if (port is not null)
            {
                var defaultPort = parsed.Scheme == "https" ? 443 : 80;
                if (parsed.Port != defaultPort && parsed.Port != port)
                {
                    column = "Port";
                    errorId = "InvalidPort";
                    problem = $"the address '{parsed}' already names port {parsed.Port}, and the Port column says {port}.";
                    return false;
                }
                var host = parsed.IsIPv6 ? "[" + parsed.Host + "]" : parsed.Host;
                var withPort = (parsed.Scheme == "https" ? "https://" : string.Empty) + host + ":" + port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parsed = CamAddress.Parse(withPort);
            }
            address = parsed.Scheme == "https" ? parsed.BaseUri.GetLeftPart(UriPartial.Authority) : parsed.ToString();
            return true;
        }
    }
}
