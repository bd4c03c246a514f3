using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FoscamPS.Emulator;
using FoscamPS.Emulator.Maintenance;
using FoscamPS.Tests.Commands;

namespace FoscamPS.Tests.Maintenance
{
    /// <summary>Six legacy cameras with a short reboot window, and helpers to build packages on disk.</summary>
    public sealed class MaintenanceFixture : EmulatorFixtureBase
    {
        public static readonly TimeSpan Reboot = TimeSpan.FromMilliseconds(800);

        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 6, RebootTime = Reboot };
    }

    /// <summary>Packages written to a temporary folder, removed on dispose.</summary>
    public sealed class PackageFolder : IDisposable
    {
        public PackageFolder() => Directory.CreateDirectory(Root);

        public string Root { get; } = Path.Combine(Path.GetTempPath(), "foscamps-maint-" + Guid.NewGuid().ToString("N"));

        public string Firmware(Version version, string? name = null, int payloadBytes = 96 * 1024)
        {
            var payload = new byte[payloadBytes];
            new Random(version.GetHashCode()).NextBytes(payload);
            var path = Path.Combine(Root, name ?? FirmwarePackage.FileNameFor(version));
            File.WriteAllBytes(path, FirmwarePackage.Build(version, payload));
            return path;
        }

        public string WebUi(Version version, string name = "webui.bin")
        {
            var entries = new List<KeyValuePair<string, byte[]?>>
            {
                new("images", null),
                new("index.htm", System.Text.Encoding.ASCII.GetBytes("<html><body>camera</body></html>")),
                new("images/logo.gif", new byte[300]),
            };
            var path = Path.Combine(Root, name);
            File.WriteAllBytes(path, WebUiPackage.Build(version, entries));
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
