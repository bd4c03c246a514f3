using System;
using System.Collections.Generic;
using System.IO;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;

namespace FoscamPS.Tests.Protocol.TestServers;

/// <summary>
/// Hosted cmdlet tests against a <see cref="LoopbackHttpServer"/> playing one raw camera: a hosted runspace, a temp
/// folder (removed afterwards) and the variables the scripts use ($cam, $cred with an obviously fake password, $dir).
/// </summary>
public abstract class RawCameraTest : IDisposable
{
    /// <summary>What a healthy legacy camera answers to get_status.cgi (and the raw servers to requests a test does not fault).</summary>
    public const string HealthyStatus = "var id='00626E4F1A2B';\nvar sys_ver='" + EmulatedCamera.LegacySysVer + "';\nvar app_ver='2.4.10.5';\nvar alias='raw';\nvar now=1700000000;\nvar alarm_status=0;\n";

    protected RawCameraTest(string name) => Dir = Path.Combine(Path.GetTempPath(), $"foscamps-{name}-" + Guid.NewGuid().ToString("N")[..8]);

    protected HostedPowerShell PowerShell { get; } = new();

    /// <summary>The test's folder ($dir in scripts); not created until a test needs it.</summary>
    protected string Dir { get; }

    protected HostedResult Run(LoopbackHttpServer s, string script, Dictionary<string, object?>? extra = null)
    {
        var vars = new Dictionary<string, object?>
        {
            ["cam"] = s.BindAddress + ":" + s.Port,
            ["cred"] = HostedPowerShell.Credential("admin", "fake-pw-1"),
            ["dir"] = Dir,
        };
        if (extra != null) foreach (var kv in extra) vars[kv.Key] = kv.Value;
        return PowerShell.Run(script, vars);
    }

    public void Dispose()
    {
        PowerShell.Dispose();
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}
