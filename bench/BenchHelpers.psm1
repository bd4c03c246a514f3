# Helpers shared by the benchmark scripts (Invoke-AuditBench, Invoke-FleetBench, Invoke-VideoBench): the emulator as
# a child process, started until its READY line and stopped by closing its standard input.
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

Export-ModuleMember -Function Start-BenchEmulator, Stop-BenchEmulator
