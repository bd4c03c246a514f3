<#
.SYNOPSIS
    Fleet benchmark: 1,000 emulated cameras with 50 ms latency on loopback.
    (a) Get-CamStatus over 1,000 sessions, -ThrottleLimit 64, in-process
    (b) ForEach-Object -Parallel { Invoke-WebRequest } -ThrottleLimit 64 over the same URLs
    (c) curl -Z --parallel-max 64 over the same URLs
    Prints the ratios a/b and a/c, FoscamPS's peak memory, and the cold Import-Module cost. Targets loopback only.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $Count = 1000,
    [int] $LatencyMs = 50,
    [int] $ThrottleLimit = 64,
    [int] $Repeat = 3
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$env:FOSCAMPS_CONFIG_DIR = Join-Path ([IO.Path]::GetTempPath()) "foscamps-bench-$PID"

function Measure-Best([scriptblock] $Body) {
    $best = [double]::MaxValue
    for ($i = 0; $i -lt $Repeat; $i++) {
        $sw = [Diagnostics.Stopwatch]::StartNew(); & $Body | Out-Null; $sw.Stop()
        $best = [Math]::Min($best, $sw.Elapsed.TotalMilliseconds)
    }
    $best
}

# Cold import cost (fresh pwsh each time, best of 5).
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$importMs = @(1..5 | ForEach-Object {
        [double] (& $pwsh -NoProfile -NonInteractive -Command "`$sw=[Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; `$sw.Elapsed.TotalMilliseconds")
    } | Measure-Object -Minimum).Minimum

$psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
foreach ($a in @($EmulatorPath, '--count', "$Count", '--latency', "$LatencyMs", '--exit-on-stdin-eof')) { $psi.ArgumentList.Add($a) }
$psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
$emu = [System.Diagnostics.Process]::Start($psi)
try {
    $urls = [System.Collections.Generic.List[string]]::new()
    while ($true) {
        $line = $emu.StandardOutput.ReadLine()
        if ($null -eq $line) { throw 'emulator exited' }
        if ($line -match '^LISTENING (\S+) ') { $urls.Add(($Matches[1].TrimEnd('/') + '/get_status.cgi')) }
        if ($line -eq 'READY') { break }
    }
    Write-Information "Emulator: $($urls.Count) cameras, $LatencyMs ms latency"

    Import-Module $ModulePath
    $me = Get-Process -Id $PID
    $me.Refresh(); $baseline = $me.WorkingSet64
    $cred = [pscredential]::new('admin', [securestring]::new())
    $addresses = $urls | ForEach-Object { ([Uri] $_).Authority }
    $sessions = Connect-Cam -Camera $addresses -Credential $cred -ThrottleLimit $ThrottleLimit
    if (@($sessions).Count -ne $urls.Count) { throw "connected $(@($sessions).Count) of $($urls.Count)" }

    $a = Measure-Best { $r = Get-CamStatus -Camera $sessions -ThrottleLimit $ThrottleLimit; if (@($r).Count -ne $urls.Count) { throw "a: $(@($r).Count) results" } }
    $me.Refresh(); $peak = $me.PeakWorkingSet64
    $b = Measure-Best { $urls | ForEach-Object -Parallel { Invoke-WebRequest -Uri $_ -UseBasicParsing | Out-Null } -ThrottleLimit $ThrottleLimit }
    $curlArgs = @('-Z', '--parallel-max', "$ThrottleLimit", '-s', '--no-progress-meter', '-u', 'admin:') + ($urls | ForEach-Object { @('-o', '/dev/null', $_) })
    $c = Measure-Best { & curl @curlArgs; if ($LASTEXITCODE -ne 0) { throw "curl exit $LASTEXITCODE" } }

    # Ctrl+C on a 1,000-camera run: 20,000 queued operations, stop after one second, time the Stop().
    # (A runspace of its own: a nested pipeline of this one cannot run asynchronously.)
    $many = @($addresses) * 20
    $rs = [runspacefactory]::CreateRunspace(); $rs.Open()
    $ps = [powershell]::Create(); $ps.Runspace = $rs
    $null = $ps.AddScript({ param($m, $a, $c, $t) Import-Module $m; Get-CamStatus -Camera $a -Credential $c -ThrottleLimit $t }).
        AddArgument($ModulePath).AddArgument($many).AddArgument($cred).AddArgument($ThrottleLimit)
    $handle = $ps.BeginInvoke()
    Start-Sleep -Seconds 2
    $sw = [Diagnostics.Stopwatch]::StartNew(); $ps.Stop(); $sw.Stop()
    $stopMs = $sw.Elapsed.TotalMilliseconds
    $stoppedState = $ps.InvocationStateInfo.State
    $ps.Dispose(); $rs.Dispose()

    $ideal = [Math]::Ceiling($urls.Count / $ThrottleLimit) * $LatencyMs
    Write-Information ''
    Write-Information ("Fleet bench: {0} cameras, {1} ms latency, throttle {2} (ideal ≈ {3} ms)" -f $urls.Count, $LatencyMs, $ThrottleLimit, $ideal)
    Write-Information ("(a) Get-CamStatus            : {0,8:N0} ms" -f $a)
    Write-Information ("(b) ForEach-Object -Parallel : {0,8:N0} ms" -f $b)
    Write-Information ("(c) curl -Z                  : {0,8:N0} ms" -f $c)
    Write-Information ("a/b = {0:N3} (target ≤ 0.25)   a/c = {1:N3} (target ≤ 1.1)" -f ($a / $b), ($a / $c))
    Write-Information ("pwsh peak working set: {0:N0} MB (baseline after import {1:N0} MB; FoscamPS share ≈ {2:N0} MB; target ≤ 150 MB)" -f ($peak / 1MB), ($baseline / 1MB), (($peak - $baseline) / 1MB))
    Write-Information ("Stop (Ctrl+C) of a 1,000-camera run with 20,000 operations queued: {0:N0} ms, state {1} (target ≤ 2,000 ms)" -f $stopMs, $stoppedState)
    Write-Information ("Import-Module FoscamPS, cold pwsh: {0:N0} ms (target ≤ 150 ms)" -f $importMs)
    Disconnect-Cam -All
}
finally {
    try { $emu.StandardInput.Close() } catch { }
    if (-not $emu.WaitForExit(10000)) { $emu.Kill($true) }
    Remove-Item $env:FOSCAMPS_CONFIG_DIR -Recurse -Force -ErrorAction SilentlyContinue
}
