using System;
using System.Collections.Generic;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>Six emulated legacy cameras (admin / oper / guest), a short Wi-Fi scan delay.</summary>
    public sealed class Settings2Fixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions
        {
            Count = 6,
            WifiScanDelay = TimeSpan.FromMilliseconds(300),
        };
    }

    /// <summary>Shared pieces of the Settings2 hosted tests.</summary>
    public abstract class Settings2HostedTestBase : IDisposable
    {
        protected Settings2HostedTestBase(Settings2Fixture cams)
        {
            Cams = cams;
            Ps = new HostedPowerShell();
        }

        protected Settings2Fixture Cams { get; }

        protected HostedPowerShell Ps { get; }

        protected EmulatedCamera Cam(int i) => Cams.Host.Cameras[i];

        /// <summary>Variables for a script: $cred (admin), $oper (operator), $a0..$a5 (addresses).</summary>
        protected Dictionary<string, object?> Vars()
        {
            var v = new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
                ["oper"] = HostedPowerShell.Credential("oper", TestAccounts.OperatorPassword),
            };
            for (var i = 0; i < Cams.Host.Cameras.Count; i++) v["a" + i] = Cams.Address(i);
            return v;
        }

        public void Dispose() => Ps.Dispose();
    }
}
