using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Commands
{
    /// <summary>Piped records (Import-Csv rows) each carry their own values to their own camera.</summary>
    public sealed class PipedRecordTests : HostedEmulatorTests<FleetFixture>
    {
        public PipedRecordTests(FleetFixture fleet) : base(fleet)
        {
        }

        [Fact]
        public void SetCamAlias_FromPipedRows_GivesEveryCameraItsOwnRowsAlias()
        {
            // The cmdlet used to read its -Alias parameter on the worker after an await: by then the next row had
            // rebound it, so cameras queued behind the throttle received a later row's alias.
            var ports = Cams.Host.Cameras.Select(c => c.Port).ToArray();
            var r = Ps.Run(
                "0..($ports.Count - 1) | ForEach-Object { [pscustomobject]@{ Camera = \"127.0.0.1:$($ports[$_])\"; Alias = \"row-$_\" } } | Set-CamAlias -Credential $cred -ThrottleLimit 2 -Confirm:$false",
                new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["ports"] = ports });
            Assert.True(r.Errors.Count == 0, string.Join(Environment.NewLine, r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
            for (var i = 0; i < Cams.Host.Cameras.Count; i++)
            {
                Assert.Equal($"row-{i}", Cams.Host.Cameras[i].Snapshot()["alias"]);
            }
        }
    }
}
