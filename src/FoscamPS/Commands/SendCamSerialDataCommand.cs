using System;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Send-CamSerialData: writes bytes to a camera's serial port (comm_write.cgi), validated before sending.</summary>
    [Cmdlet(VerbsCommunications.Send, "CamSerialData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BytesSet, HelpUri = CamHelp.Base + "Send-CamSerialData.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SendCamSerialDataCommand : CamFleetCmdlet
    {
        private const string BytesSet = "Bytes";
        private const string HexSet = "Hex";

        /// <summary>Most bytes one comm_write.cgi call carries ("bytes &lt; 256").</summary>
        internal const int MaxBytes = 255;

        private byte[] _payload = Array.Empty<byte>();

        /// <summary>The bytes to send (1–255).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = BytesSet)]
        [ValidateNotNull]
        public byte[] Data { get; set; } = Array.Empty<byte>();

        /// <summary>The bytes to send as hex text, e.g. "FF 01 00 08 00 3F 48".</summary>
        [Parameter(Mandatory = true, ParameterSetName = HexSet)]
        [ValidateNotNullOrEmpty]
        public string Hex { get; set; } = "";

        /// <summary>Serial port number, 0–3.</summary>
        [Parameter]
        [ValidateRange(0, 3)]
        public int Port { get; set; }

        /// <summary>Port speed.</summary>
        [Parameter(Mandatory = true)]
        [CamCodeAlias(typeof(CamBaudRate), "Baud1200=B1200", "Baud2400=B2400", "Baud4800=B4800", "Baud9600=B9600", "Baud19200=B19200", "Baud38400=B38400", "Baud57600=B57600", "Baud115200=B115200")]
        public CamBaudRate BaudRate { get; set; }

        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override FoscamPS.Protocol.CgiSafety Safety => FoscamPS.Protocol.CgiSafety.SideEffect;

        protected override string ShouldProcessAction => $"Send {_payload.Length} byte(s) to serial port {Port} at {BaudRate}";

        protected override void BeginProcessing()
        {
            if (ParameterSetName == HexSet)
            {
                if (!TryParseHex(Hex, out var parsed, out var error))
                    ThrowArgumentError("InvalidSerialHex", $"-Hex: {error}", Hex);
                _payload = parsed!;
            }
            else
            {
                _payload = Data;
            }
            if (_payload.Length == 0 || _payload.Length > MaxBytes)
                ThrowArgumentError("SerialDataLength", $"{(ParameterSetName == HexSet ? "-Hex" : "-Data")} must hold 1 to {MaxBytes} bytes (comm_write.cgi sends fewer than 256 per call); got {_payload.Length}.");
            if (!Enum.IsDefined(typeof(CamBaudRate), BaudRate))
                ThrowArgumentError("InvalidBaudRate", $"-BaudRate {(int)BaudRate} is not a comm_write.cgi speed code.");
            base.BeginProcessing();
        }

        /// <summary>Hex digits in pairs; spaces, ':', '-', ',' and "0x" prefixes are ignored.</summary>
        internal static bool TryParseHex(string text, out byte[]? bytes, out string? error)
        {
            bytes = null;
            var digits = new StringBuilder(text.Length);
            var t = text.Replace("0x", " ").Replace("0X", " ");
            foreach (var c in t)
            {
                if (char.IsWhiteSpace(c) || c == ':' || c == '-' || c == ',') continue;
                if (!Uri.IsHexDigit(c))
                {
                    error = $"'{c}' is not a hex digit.";
                    return false;
                }
                digits.Append(c);
            }
            if (digits.Length == 0 || digits.Length % 2 != 0)
            {
                error = "give whole bytes as pairs of hex digits, e.g. 'FF 01 0A'.";
                return false;
            }
            bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = byte.Parse(digits.ToString(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            error = null;
            return true;
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var cgi = CgiCatalogue.Get("comm_write.cgi");
            var inv = CultureInfo.InvariantCulture;
            var query = new[]
            {
                new System.Collections.Generic.KeyValuePair<string, string>("port", Port.ToString(inv)),
                new System.Collections.Generic.KeyValuePair<string, string>("baud", ((int)BaudRate).ToString(inv)),
                new System.Collections.Generic.KeyValuePair<string, string>("bytes", _payload.Length.ToString(inv)),
            };
            await SendAsync(session, context, cgi, query, data => data.AddBytes("data", _payload)).ConfigureAwait(false);
            if (PassThru) context.Emit(new CamControlAction { Camera = session, Action = $"Serial port {Port} at {BaudRate}", Cgi = cgi.Name, Value = _payload.Length });
        }
    }
}
