using System;
using System.Linq;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Commands
{
    /// <summary>Obviously fake test accounts.</summary>
    internal static class TestAccounts
    {
        public const string AdminPassword = "fake-Adm1n";
        public const string OperatorPassword = "fake-0per";
        public const string VisitorPassword = "fake-Gue5t";

        public static void AddTo(EmulatorOptions options)
        {
            options.Users.Clear();
            options.Users.Add(new EmulatedUser("admin", AdminPassword, EmulatedPrivilege.Administrator));
            options.Users.Add(new EmulatedUser("oper", OperatorPassword, EmulatedPrivilege.Operator));
            options.Users.Add(new EmulatedUser("guest", VisitorPassword, EmulatedPrivilege.Visitor));
        }
    }

    /// <summary>Starts emulated cameras in-process for a test class and a hosted runspace with the module.</summary>
    public abstract class EmulatorFixtureBase : IAsyncLifetime
    {
        protected abstract EmulatorOptions CreateOptions();

        public EmulatorHost Host { get; private set; } = null!;

        public string Address(int i) => $"127.0.0.1:{Host.Cameras[i].Port}";

        public string[] Addresses => Host.Cameras.Select(c => $"127.0.0.1:{c.Port}").ToArray();

        public async Task InitializeAsync()
        {
            var options = CreateOptions();
            TestAccounts.AddTo(options);
            Host = await EmulatorHost.StartAsync(options);
        }

        public async Task DisposeAsync() { if (Host is not null) await Host.DisposeAsync(); }
    }

    public sealed class LegacyCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 3 };
    }

    public sealed class DigestCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 2, Profile = FirmwareProfile.Digest };
    }

    public sealed class FleetFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions
        {
            Count = 20,
            Latency = TimeSpan.FromMilliseconds(30),
            SlowHeadersDelay = TimeSpan.FromSeconds(30),
        };
    }
}
