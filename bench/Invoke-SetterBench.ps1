<#
.SYNOPSIS
    Setter fleet benchmark: one Set- cmdlet (read group, write it whole, re-read to verify) over 1,000 emulated
    cameras with 50 ms latency on loopback, -ThrottleLimit 64.
.DESCRIPTION
    Reports, best of -Repeat runs:
      (a) the Set- cmdlet over all cameras (sessions connected first, as a fleet job would);
      (b) curl -Z --parallel-max 64 over the same requests (per camera: the read, the write, the verifying read);
      the physical floor = round trips per camera x latency x ceil(cameras / throttle), and a/floor, a/b.
    The round trips per camera are counted, not assumed: the cmdlet runs once with -Verbose on one camera and
    its "GET" lines are counted. Every run alternates the value written, so each write really changes the camera.
    Targets loopback only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $Count = 1000,
    [int] $LatencyMs = 50,
    [int] $ThrottleLimit = 64,
    [int] $Repeat = 3,
    # The setter measured and how to call it with the two values it alternates between.
    [string] $Setter = 'Set-CamUpnp',
    [hashtable[]] $SetterArguments = @(@{ Enable = $true }, @{ Enable = $false }),
    # The same requests for curl: {0} = the camera's base URL; one entry per value, each a list of requests in order.
    [string[][]] $CurlRequests = @(
        @('{0}get_params.cgi', '{0}set_upnp.cgi?enable=1', '{0}get_params.cgi'),
        @('{0}get_params.cgi', '{0}set_upnp.cgi?enable=0', '{0}get_params.cgi'))
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
$InformationPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$env:FOSCAMPS_CONFIG_DIR = Join-Path ([IO.Path]::GetTempPath()) "foscamps-setterbench-$PID"

$psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
foreach ($a in @($EmulatorPath, '--count', "$Count", '--latency', "$LatencyMs", '--exit-on-stdin-eof')) { $psi.ArgumentList.Add($a) }
$psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
$emu = [System.Diagnostics.Process]::Start($psi)
try {
    $bases = [System.Collections.Generic.List[string]]::new()
    while ($true) {
        $line = $emu.StandardOutput.ReadLine()
        if ($null -eq $line) { throw 'emulator exited' }
        if ($line -match '^LISTENING (\S+) ') { $bases.Add($Matches[1].TrimEnd('/') + '/') }
        if ($line -eq 'READY') { break }
    }
    Write-Information "Emulator: $($bases.Count) cameras, $LatencyMs ms latency"

    Import-Module $ModulePath
    $cred = [pscredential]::new('admin', [securestring]::new())
    $addresses = $bases | ForEach-Object { ([Uri] $_).Authority }
    $sessions = Connect-Cam -Camera $addresses -Credential $cred -ThrottleLimit $ThrottleLimit
    if (@($sessions).Count -ne $bases.Count) { throw "connected $(@($sessions).Count) of $($bases.Count)" }

    # Round trips per camera, counted from the cmdlet's Verbose lines (one per request) on one camera.
    $probe = $SetterArguments[0]
    $verbose = & $Setter -Camera $sessions[0] @probe -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match ': GET ' }
    $roundTrips = @($verbose).Count
    Write-Information "$Setter sends $roundTrips requests per camera: $((@($verbose) | ForEach-Object { ($_.Message -split 'GET ')[1] -replace '\?.*', '' }) -join ' -> ')"

    $times = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Repeat; $i++) {
        $values = $SetterArguments[$i % $SetterArguments.Count]  # run 0 repeats the probe's value: every camera but the probed one changes
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & $Setter -Camera $sessions @values -ThrottleLimit $ThrottleLimit -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $sw.Stop()
        if (@($failed).Count -gt 0) { throw "$Setter failed on $(@($failed).Count) cameras: $($failed[0])" }
        $times.Add($sw.Elapsed.TotalMilliseconds)
    }
    $a = ($times | Measure-Object -Minimum).Minimum

    # curl: the same requests, all cameras, at most $ThrottleLimit in flight (curl does not keep a camera's three in order).
    $curlTimes = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Repeat; $i++) {
        $requests = $CurlRequests[$i % $CurlRequests.Count]
        $curlArgs = @('-Z', '--parallel-max', "$ThrottleLimit", '-s', '--no-progress-meter', '-u', 'admin:')
        foreach ($b in $bases) { foreach ($r in $requests) { $curlArgs += @('-o', '/dev/null', ($r -f $b)) } }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & curl @curlArgs
        $sw.Stop()
        if ($LASTEXITCODE -ne 0) { throw "curl exit $LASTEXITCODE" }
        $curlTimes.Add($sw.Elapsed.TotalMilliseconds)
    }
    $c = ($curlTimes | Measure-Object -Minimum).Minimum

    $waves = [Math]::Ceiling($bases.Count / $ThrottleLimit)
    $floor = $roundTrips * $LatencyMs * $waves
    Write-Information ''
    Write-Information ("Setter bench: {0} cameras, {1} ms latency, throttle {2}, {3} round trips per camera, best of {4}" -f $bases.Count, $LatencyMs, $ThrottleLimit, $roundTrips, $Repeat)
    Write-Information ("physical floor {0} x {1} ms x {2} waves = {3:N0} ms" -f $roundTrips, $LatencyMs, $waves, $floor)
    Write-Information ("(a) {0,-22}: {1,8:N0} ms   (runs: {2})" -f $Setter, $a, (($times | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Information ("(b) curl -Z same requests : {0,8:N0} ms   (runs: {1})" -f $c, (($curlTimes | ForEach-Object { '{0:N0}' -f $_ }) -join ', '))
    Write-Information ("a/floor = {0:N3}   a/b = {1:N3}   b/floor = {2:N3}" -f ($a / $floor), ($a / $c), ($c / $floor))
    Disconnect-Cam -All
}
finally {
    try { $emu.StandardInput.Close() } catch { }
    if (-not $emu.WaitForExit(10000)) { $emu.Kill($true) }
    Remove-Item $env:FOSCAMPS_CONFIG_DIR -Recurse -Force -ErrorAction SilentlyContinue
}
