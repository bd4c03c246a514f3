using System;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Set-CamWifi: changes the Wi-Fi settings (set_wifi.cgi, always the whole group with the WEP fields; the camera
    /// restarts its network and may drop the reply), verified by reading them back.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CamWifi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamWifi.md")]
    [OutputType(typeof(CamWifiSettings))]
    public sealed class SetCamWifiCommand : CamGroupSetCmdlet
    {
        /// <summary>Wi-Fi on or off.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool Enable { get; set; }

        /// <summary>The network to join (at most 40 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Ssid { get; set; }

        /// <summary>None, Wep, WpaTkip, WpaAes, Wpa2Aes or Wpa2TkipAes.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWifiEncryption Encryption { get; set; }

        /// <summary>WPA/WPA2 pre-shared key (a SecureString, at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSecret? WpaPsk { get; set; }

        /// <summary>The channel plan.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWifiCountry Country { get; set; }

        /// <summary>Channel 1–14 (reserved by the firmware).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Channel { get; set; }

        /// <summary>Mode (reserved; 0 infrastructure).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Mode { get; set; }

        /// <summary>WEP authentication: Open or Shared.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWepAuthType AuthType { get; set; }

        /// <summary>WEP key format: Hex or Ascii.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWepKeyFormat KeyFormat { get; set; }

        /// <summary>WEP key used to send, 0–3 (key 1–4).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int DefaultKey { get; set; }

        /// <summary>WEP key 1 (a SecureString, at most 30 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSecret? Key1 { get; set; }

        /// <summary>WEP key 2.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSecret? Key2 { get; set; }

        /// <summary>WEP key 3.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSecret? Key3 { get; set; }

        /// <summary>WEP key 4.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSecret? Key4 { get; set; }

        /// <summary>WEP key 1 length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWepKeyBits Key1Bits { get; set; }

        /// <summary>WEP key 2 length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWepKeyBits Key2Bits { get; set; }

        /// <summary>WEP key 3 length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWepKeyBits Key3Bits { get; set; }

        /// <summary>WEP key 4 length.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamWepKeyBits Key4Bits { get; set; }

        /// <summary>Seconds to wait for the camera to answer again after its network restart.</summary>
        [Parameter]
        [ValidateRange(5, 3600)]
        public int WaitTimeoutSec { get; set; } = 90;

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Wifi;

        internal override bool WriteRestartsCamera => true;

        internal override TimeSpan RestartTimeout => TimeSpan.FromSeconds(WaitTimeoutSec);
    }
}
