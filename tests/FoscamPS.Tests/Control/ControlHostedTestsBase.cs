using System;
using System.Collections.Generic;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Control
{
    /// <summary>
    /// The setup the control test classes share: one camera of <see cref="ControlCamerasFixture"/> reset before the
    /// tests, a hosted runspace, $cred/$addr for the scripts and the bad-input check.
    /// </summary>
    public abstract class ControlHostedTestsBase : IClassFixture<ControlCamerasFixture>, IDisposable
    {
        private readonly int _cam;

        protected ControlHostedTestsBase(ControlCamerasFixture cams, int cam)
        {
            Cams = cams;
            _cam = cam;
            cams.Reset(cam);
        }

        protected ControlCamerasFixture Cams { get; }

        protected HostedPowerShell Ps { get; } = new HostedPowerShell();

        /// <summary>The camera these tests use.</summary>
        protected EmulatedCamera Camera => Cams.Host.Cameras[_cam];

        /// <summary>The scripts' variables: $cred (the account given) and $addr (the camera).</summary>
        protected virtual Dictionary<string, object?> Vars(string user = "admin", string password = TestAccounts.AdminPassword)
            => new() { ["cred"] = HostedPowerShell.Credential(user, password), ["addr"] = Cams.Address(_cam) };

        public virtual void Dispose() => Ps.Dispose();

        /// <summary>The script fails with <paramref name="errorId"/> before the camera sees a single request.</summary>
        protected void AssertRejectedBeforeAnyRequest(string script, string errorId)
        {
            var requests = Camera.RequestCount;
            var e = Ps.RunExpectingTerminatingError(script, Vars());
            Assert.StartsWith(errorId, e.FullyQualifiedErrorId);
            Assert.Equal(requests, Camera.RequestCount);
        }
    }
}
