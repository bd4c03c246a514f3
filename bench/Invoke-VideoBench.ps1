<#
.SYNOPSIS
    Video benchmark: N emulated cameras (default 50) streaming VGA at 10 fps, recorded for S seconds (default 60) at
    the same time by (a) Save-CamVideo in this pwsh and (b) `ffmpeg -c copy`, one ffmpeg process per stream, over the
    same streams in the same run.
.DESCRIPTION
    Prints per tool: frames written (and the ideal N x fps x S), frames dropped (Save-CamVideo's DroppedFrames: the
    disk did not keep up), damaged parts and reconnects, CPU seconds, peak RSS, and for Save-CamVideo the process RSS
    at 10 s and at the end of the recording (constant memory: flat within 10 %). ffmpeg's CPU is the sum of its
    processes (user + system), its RSS the largest sum of their VmRSS over the samples. Loopback only. The emulator
    runs as a child process with --video-loop (each camera repeats its first 10 rendered frames: its JPEG encoder alone
    manages about 110 VGA frames per second on two cores, far below 50 x 10 fps); its CPU is not counted for either tool.
    Save-CamVideo runs in a fresh pwsh worker (this script with -Worker), sampled from outside like ffmpeg, so the
    sampling does not count against it. Needs ffmpeg (Debian's package).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Invoke-VideoBench.ps1 -ModulePath out/FoscamPS/0.1.0/FoscamPS.psd1 -EmulatorPath src/FoscamPS.Emulator/bin/Release/net10.0/FoscamPS.Emulator.dll
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $EmulatorPath,
    [int] $Count = 50,
    [int] $Seconds = 60,
    [string] $OutputPath = (Join-Path ([IO.Path]::GetTempPath()) "foscamps-videobench-$PID"),
    # Internal: run Save-CamVideo over the cameras in -AddressFile and print one JSON line.
    [switch] $Worker,
    [string] $AddressFile
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$ProgressPreference = 'SilentlyContinue'
$env:FOSCAMPS_CONFIG_DIR = Join-Path ([IO.Path]::GetTempPath()) "foscamps-bench-$PID"

if ($Worker) {
    Import-Module $ModulePath
    $addresses = Get-Content $AddressFile
    $cred = [pscredential]::new('admin', [securestring]::new())
    [GC]::Collect()
    $me = Get-Process -Id $PID
    $cpu0 = $me.TotalProcessorTime
    [Console]::Out.WriteLine('START')
    [Console]::Out.Flush()
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $recs = @(Save-CamVideo -Camera $addresses -Credential $cred -Path $OutputPath -Duration $Seconds -Resolution Vga -Rate Fps10 -ErrorVariable failures -ErrorAction SilentlyContinue)
    $sw.Stop(); $me.Refresh()
    [Console]::Out.WriteLine(([pscustomobject]@{
                Recordings = $recs.Count; Frames = ($recs | Measure-Object Frames -Sum).Sum; Dropped = ($recs | Measure-Object DroppedFrames -Sum).Sum
                Damaged = ($recs | Measure-Object DamagedParts -Sum).Sum; Reconnects = ($recs | Measure-Object Reconnects -Sum).Sum
                Errors = @($failures).Count; Wall = $sw.Elapsed.TotalSeconds; Cpu = ($me.TotalProcessorTime - $cpu0).TotalSeconds
                Gen2 = [GC]::CollectionCount(2); Committed = [GC]::GetGCMemoryInfo().TotalCommittedBytes
            } | ConvertTo-Json -Compress))
    return
}

$EmulatorPath = (Resolve-Path $EmulatorPath).Path
$InformationPreference = 'Continue'
if (-not (Get-Command ffmpeg -ErrorAction SilentlyContinue)) { throw 'ffmpeg is needed (apt-get install ffmpeg).' }
$fps = 10
New-Item -ItemType Directory -Force -Path (Join-Path $OutputPath 'foscamps'), (Join-Path $OutputPath 'ffmpeg') | Out-Null

function Get-RssBytes([int] $ProcessId) {
    try {
        $line = [IO.File]::ReadAllLines("/proc/$ProcessId/status") | Where-Object { $_ -like 'VmRSS:*' }
        return [long](($line -split '\s+')[1]) * 1024
    }
    catch { return 0 }
}

function Get-ThreadCount([int] $ProcessId) {
    try { return [int]((([IO.File]::ReadAllLines("/proc/$ProcessId/status") | Where-Object { $_ -like 'Threads:*' }) -split '\s+')[1]) }
    catch { return 0 }
}

Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
$emu = $null
$workerProc = $null
$ffmpegs = @()
try {
    $emu = Start-BenchEmulator -EmulatorPath $EmulatorPath -Count $Count -Arguments '--video-loop', '10'
    $addresses = $emu.Addresses
    Write-Information "Emulator: $($addresses.Count) cameras; recording VGA at $fps fps for $Seconds s with both tools at once."

    # (a) Save-CamVideo in a fresh pwsh worker; it says START right before the cmdlet runs.
    $addressFile = Join-Path $OutputPath 'addresses.txt'
    Set-Content -Path $addressFile -Value $addresses
    $wi = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')))
    foreach ($arg in @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-Worker', '-ModulePath', $ModulePath, '-AddressFile', $addressFile,
            '-OutputPath', (Join-Path $OutputPath 'foscamps'), '-Seconds', "$Seconds")) { $wi.ArgumentList.Add($arg) }
    $wi.RedirectStandardOutput = $true; $wi.UseShellExecute = $false
    $workerProc = [System.Diagnostics.Process]::Start($wi)
    while (($line = $workerProc.StandardOutput.ReadLine()) -ne 'START') { if ($null -eq $line) { throw 'the worker ended before recording' } }
    $baselineRss = Get-RssBytes $workerProc.Id
    $resultLine = $workerProc.StandardOutput.ReadToEndAsync()   # warnings, then one JSON line
    $clock = [Diagnostics.Stopwatch]::StartNew()

    # (b) ffmpeg -c copy, one process per stream, started at the same time; wall-clock timestamps so -t is real
    # time. /usr/bin/time reports each process's CPU (user + system) and peak RSS when it exits.
    $ffmpegs = foreach ($a in $addresses) {
        $name = $a -replace '[:\.]', '_'
        $fi = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/time')
        foreach ($arg in @('-f', '%U %S %M', '-o', (Join-Path $OutputPath "ffmpeg/$name.time"), 'ffmpeg', '-nostdin', '-loglevel', 'error', '-y',
                '-use_wallclock_as_timestamps', '1', '-f', 'mpjpeg', '-i', "http://$a/videostream.cgi?resolution=32&rate=6&user=admin&pwd=",
                '-t', "$Seconds", '-c', 'copy', '-f', 'mjpeg', (Join-Path $OutputPath "ffmpeg/$name.mjpeg"))) { $fi.ArgumentList.Add($arg) }
        $fi.UseShellExecute = $false; $fi.RedirectStandardError = $true
        $p = [System.Diagnostics.Process]::Start($fi)
        $null = $p.StandardError.ReadToEndAsync()
        $p
    }

    $samples = [System.Collections.Generic.List[object]]::new()
    $ffPeak = 0L
    while (-not $workerProc.HasExited -or @($ffmpegs | Where-Object { -not $_.HasExited }).Count -gt 0) {
        Start-Sleep -Milliseconds 500
        $ffSum = 0L
        foreach ($p in $ffmpegs) {
            if (-not $p.HasExited) {
                # /usr/bin/time's child is the ffmpeg process
                $child = Get-Content "/proc/$($p.Id)/task/$($p.Id)/children" -ErrorAction SilentlyContinue
                foreach ($c in "$child".Trim() -split '\s+' | Where-Object { $_ }) { $ffSum += Get-RssBytes ([int]$c) }
            }
        }
        $ffPeak = [Math]::Max($ffPeak, $ffSum)
        if (-not $workerProc.HasExited -and -not $resultLine.IsCompleted) {
            $rss = Get-RssBytes $workerProc.Id
            if ($rss) { $samples.Add([pscustomobject]@{ T = $clock.Elapsed.TotalSeconds; Rss = $rss; Threads = Get-ThreadCount $workerProc.Id }) }
        }
    }
    $result = ($resultLine.GetAwaiter().GetResult() -split "`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
    if (-not $result) { throw 'the worker printed no result' }
    $workerProc.WaitForExit()
    foreach ($p in $ffmpegs) { if (-not $p.WaitForExit(30000)) { $p.Kill() } }

    $peakRss = ($samples | Measure-Object Rss -Maximum).Maximum
    $at10 = ($samples | Where-Object T -ge ([Math]::Min(10, $Seconds / 2)) | Select-Object -First 1).Rss
    $atEnd = ($samples | Where-Object T -ge ($Seconds - 1) | Select-Object -First 1).Rss
    if (-not $atEnd) { $atEnd = $samples[-1].Rss }
    $trace = ($samples | Where-Object { [int]$_.T % 5 -eq 0 -and $_.T - [Math]::Floor($_.T) -lt 0.5 } | ForEach-Object { '{0:0}s {1:0}MB/{2}t' -f $_.T, ($_.Rss / 1MB), $_.Threads }) -join ', '
    Write-Information "Save-CamVideo RSS/threads every 5 s: $trace"
    $flat = if ($at10) { 100.0 * ($atEnd - $at10) / $at10 } else { [double]::NaN }

    # ffmpeg's frames: count JPEG starts (FF D8 after FF D9 or at 0) in its files.
    $ffFrames = 0L
    foreach ($f in Get-ChildItem (Join-Path $OutputPath 'ffmpeg') -Filter *.mjpeg) {
        $probe = & ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 $f.FullName
        if ($LASTEXITCODE -eq 0 -and "$probe".Trim() -match '^\d+$') { $ffFrames += [long]"$probe".Trim() }
    }
    $ffCpuTotal = 0.0
    foreach ($t in Get-ChildItem (Join-Path $OutputPath 'ffmpeg') -Filter *.time) {
        $f = (Get-Content $t.FullName | Select-Object -Last 1) -split '\s+'
        $ffCpuTotal += [double]::Parse($f[0], [Globalization.CultureInfo]::InvariantCulture) + [double]::Parse($f[1], [Globalization.CultureInfo]::InvariantCulture)
    }

    $ideal = $Count * $fps * $Seconds
    $mb = { param($b) [Math]::Round($b / 1MB, 1) }
    Write-Information ''
    Write-Information ("Save-CamVideo: {0} recordings, {1} frames written of {2} ideal, {3} dropped, {4} damaged parts, {5} reconnects, {6} errors, {7:0.0} s wall" -f
        $result.Recordings, $result.Frames, $ideal, $result.Dropped, $result.Damaged, $result.Reconnects, $result.Errors, $result.Wall)
    Write-Information ("Save-CamVideo: CPU {0:0.0} s (worker pwsh), peak RSS {1} MB (after import, before recording: {2} MB), RSS at 10 s {3} MB, at {4} s {5} MB, change {6:+0.0;-0.0} %; {7} gen2 GCs, GC committed at the end {8} MB" -f
        $result.Cpu, (& $mb $peakRss), (& $mb $baselineRss), (& $mb $at10), $Seconds, (& $mb $atEnd), $flat, $result.Gen2, (& $mb $result.Committed))
    Write-Information ("ffmpeg -c copy: {0} processes, {1} frames written of {2} ideal, CPU {3:0.0} s (sum), peak RSS {4} MB (sum of processes)" -f
        $ffmpegs.Count, $ffFrames, $ideal, $ffCpuTotal, (& $mb $ffPeak))
    [pscustomobject]@{
        Cameras = $Count; Seconds = $Seconds
        FoscamFrames = $result.Frames; FoscamDropped = $result.Dropped
        FoscamCpuSec = [Math]::Round($result.Cpu, 1); FoscamPeakRssMB = & $mb $peakRss; FoscamRss10MB = & $mb $at10; FoscamRssEndMB = & $mb $atEnd; RssChangePct = [Math]::Round($flat, 1)
        FfmpegFrames = $ffFrames; FfmpegCpuSec = [Math]::Round($ffCpuTotal, 1); FfmpegPeakRssMB = & $mb $ffPeak
    }
}
finally {
    foreach ($p in @($ffmpegs) + @($workerProc)) { try { if ($p -and -not $p.HasExited) { $p.Kill() } } catch { } }
    Stop-BenchEmulator $emu -TimeoutSec 5
    Remove-Item -Recurse -Force $OutputPath -ErrorAction SilentlyContinue
}
