using System;
using System.Globalization;
using System.Text;

namespace FoscamPS.Model
{
    /// <summary>
    /// One camera that answered the LAN search (Find-Cam). Pipes by property name into Register-Cam (Name, Address,
    /// Port, CameraId → -ExpectedCameraId) and Connect-Cam (Name, Address, Port, CameraId).
    /// </summary>
    public sealed class CamDiscoveryResult : CamTextObject
    {
        private string _name = "";
        private string _alias = "";
        private string _cameraId = "";

        /// <summary>A name Register-Cam accepts, made from the camera's alias (other characters become '-'); "cam-" + id when the alias has none.</summary>
        public string Name { get => _name; internal set => _name = SetText(nameof(Name), value) ?? ""; }

        /// <summary>Where the answer came from: the address the camera is reachable at (which need not be the one it reports).</summary>
        public string Address { get; internal set; } = "";

        /// <summary>The camera's HTTP port (as it reports it).</summary>
        public int Port { get; internal set; }

        /// <summary>Camera id: its MAC as 12 hex digits (binds to Register-Cam -ExpectedCameraId).</summary>
        public string CameraId { get => _cameraId; internal set => _cameraId = SetText(nameof(CameraId), value) ?? ""; }

        /// <summary>The camera's alias as it reports it (control characters shown visibly; GetRawText("Alias") has the camera's text).</summary>
        public string Alias { get => _alias; internal set => _alias = SetText(nameof(Alias), value) ?? ""; }

        /// <summary>The IPv4 address the camera reports (its configuration; differs from Address when it is on another subnet or behind NAT).</summary>
        public string ReportedAddress { get; internal set; } = "";

        /// <summary>Subnet mask the camera reports.</summary>
        public string Mask { get; internal set; } = "";

        /// <summary>Gateway the camera reports.</summary>
        public string Gateway { get; internal set; } = "";

        /// <summary>DNS server the camera reports.</summary>
        public string Dns { get; internal set; } = "";

        /// <summary>System firmware version.</summary>
        public Version SystemVersion { get; internal set; } = new Version(0, 0, 0, 0);

        /// <summary>Web UI version.</summary>
        public Version WebUiVersion { get; internal set; } = new Version(0, 0, 0, 0);

        /// <summary>True when the camera takes its address from DHCP (false on firmware older than x.x.2.2, which does not say).</summary>
        public bool Dhcp { get; internal set; }

        /// <summary>True when the reported address differs from where the answer came from (wrong subnet, NAT, or a second interface).</summary>
        public bool AddressMismatch => ReportedAddress.Length > 0 && !string.Equals(ReportedAddress, Address, StringComparison.Ordinal);

        /// <summary>When the answer arrived (UTC).</summary>
        public DateTime FoundAt { get; internal set; }

        public override string ToString() => Name;

        /// <summary>A registry name from the alias: letters, digits, '-', '_', '.'; other characters become '-'; it starts with a letter or digit.</summary>
        internal static string RegistryName(string? alias, string? cameraId)
        {
            var sb = new StringBuilder();
            foreach (char c in alias ?? string.Empty)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (ok) sb.Append(c);
                else if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
            }
            var name = sb.ToString().TrimStart('-', '_', '.').TrimEnd('-');
            if (name.Length > 0) return name.Length > 64 ? name.Substring(0, 64) : name;
            var id = new StringBuilder();
            foreach (char c in cameraId ?? string.Empty)
            {
                if (Uri.IsHexDigit(c)) id.Append(char.ToUpperInvariant(c));
                if (id.Length == 12) break;
            }
            return id.Length > 0 ? "cam-" + id : "cam";
        }
    }
}
