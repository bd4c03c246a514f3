# Helpers shared by the benchmark scripts (Invoke-AuditBench, Invoke-FleetBench, Invoke-VideoBench, Measure-PipelineFloor):
# the emulator as a child process, started until its READY line and stopped by closing its standard input; PowerShell's
# own cost of N output objects.
Set-StrictMode -Version 3.0

function Start-BenchEmulator {
    # Starts the emulator with -Count cameras (and -LatencyMs before each reply when given, then -Arguments) and
    # waits for READY.
    # Returns Process, Uris (the LISTENING base URIs as printed) and Addresses (their host:port).
    param(
        [Parameter(Mandatory)] [string] $EmulatorPath,
        [Parameter(Mandatory)] [int] $Count,
        [int] $LatencyMs,
        [string[]] $Arguments = @()
    )
    $argv = @($EmulatorPath, '--count', "$Count")
    if ($PSBoundParameters.ContainsKey('LatencyMs')) { $argv += @('--latency', "$LatencyMs") }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $argv + $Arguments + '--exit-on-stdin-eof') { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
    $proc = [System.Diagnostics.Process]::Start($psi)
    $emulator = [pscustomobject]@{ Process = $proc; Uris = [string[]] @(); Addresses = [string[]] @() }
    try {
        $uris = [System.Collections.Generic.List[string]]::new()
        while ($true) {
            $line = $proc.StandardOutput.ReadLine()
            if ($null -eq $line) { throw 'emulator exited' }
            if ($line -match '^LISTENING (\S+) ') { $uris.Add($Matches[1]) }
            if ($line -eq 'READY') { break }
        }
        $emulator.Uris = $uris.ToArray()
        $emulator.Addresses = [string[]] @($uris | ForEach-Object { ([Uri] $_).Authority })
        $emulator
    }
    catch {
        Stop-BenchEmulator $emulator
        throw
    }
}

function Stop-BenchEmulator {
    # Closes the emulator's standard input (it exits on EOF); kills it when it has not exited within -TimeoutSec.
    param($Emulator, [int] $TimeoutSec = 10)
    if ($null -eq $Emulator) { return }
    try { $Emulator.Process.StandardInput.Close() } catch { }
    if (-not $Emulator.Process.WaitForExit($TimeoutSec * 1000)) { try { $Emulator.Process.Kill($true) } catch { } }
}

function Measure-BenchOutputFloor {
    # PowerShell's own cost of -Count output objects of a compiled cmdlet, kept in a variable as the fleet bench keeps
    # a cmdlet's output: no camera, no network, nothing of FoscamPS. PowerShell wraps every object a cmdlet writes in a
    # PSObject (MshCommandRuntime._WriteObjectSkipAllowCheck), and the caller's variable keeps them all, so the GC
    # promotes them: the floor under any cmdlet that writes that many objects (issue 13: Get-CamParam writes one per
    # get_params field, 200 per camera). Runs -Runs times in this process; returns one row per run (Cpu seconds of the
    # whole process, MB allocated, Objects written). The first runs include the JIT of the floor cmdlet: read the
    # later ones.
    param([Parameter(Mandatory)] [int] $Count, [int] $Runs = 12)
    if (-not ('FoscamPSBench.WriteFloorRowCommand' -as [type])) {
        Add-Type -TypeDefinition @'
using System.Management.Automation;
namespace FoscamPSBench
{
    // The shape of a Get-CamParam object: camera, group, name, value, secret flag.
    public sealed class FloorRow { public object Camera { get; set; } public string Group { get; set; } public string Name { get; set; } public object Value { get; set; } public bool IsSecret { get; set; } }
    [Cmdlet("Write", "FloorRow")]
    public sealed class WriteFloorRowCommand : PSCmdlet
    {
        [Parameter] public int Count { get; set; }
        protected override void EndProcessing() { for (int i = 0; i < Count; i++) WriteObject(new FloorRow { Name = "x", Value = i }); }
    }
}
'@
    }
    $cmdlet = [System.Management.Automation.CmdletInfo]::new('Write-FloorRow', [FoscamPSBench.WriteFloorRowCommand])
    $me = [Diagnostics.Process]::GetCurrentProcess()
    for ($k = 0; $k -lt $Runs; $k++) {
        $me.Refresh(); $cpu = $me.TotalProcessorTime; $bytes = [GC]::GetTotalAllocatedBytes($false)
        $out = & $cmdlet -Count $Count
        $me.Refresh()
        [pscustomobject]@{ Cpu = ($me.TotalProcessorTime - $cpu).TotalSeconds; MB = ([GC]::GetTotalAllocatedBytes($false) - $bytes) / 1MB; Objects = @($out).Count }
        $out = $null
    }
}

Export-ModuleMember -Function Start-BenchEmulator, Stop-BenchEmulator, Measure-BenchOutputFloor
