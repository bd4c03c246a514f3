using System;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Commands
{
    /// <summary>
    /// Base of hosted test classes on a shared emulator fixture: every camera healthy again (no fault, no per-CGI
    /// fault) before each test, one hosted runspace per test, cameras by index.
    /// </summary>
    public abstract class HostedEmulatorTests<TFixture> : IClassFixture<TFixture>, IDisposable
        where TFixture : EmulatorFixtureBase
    {
        protected HostedEmulatorTests(TFixture cams)
        {
            Cams = cams;
            foreach (var c in cams.Host.Cameras)
            {
                c.Fault = FaultMode.None;
                c.FaultCgi = null;
            }
        }

        protected TFixture Cams { get; }

        protected HostedPowerShell Ps { get; } = new HostedPowerShell();

        protected EmulatedCamera Cam(int i) => Cams.Host.Cameras[i];

        public virtual void Dispose() => Ps.Dispose();
    }
}
