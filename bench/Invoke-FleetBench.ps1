<#
.SYNOPSIS
    Fleet benchmark: FoscamPS against curl -Z, side by side, over the same loopback emulated cameras.
.DESCRIPTION
    Starts the emulator as a child process (N cameras, -LatencyMs latency before each reply; every reply carries
    `Connection: close` and the emulator closes the connection after it, as real firmware does) and, for each size
    and each row, runs:
      FoscamPS  in a fresh pwsh worker (this script with -Worker): Import-Module, Connect-Cam to every camera, then the
                cmdlet over all sessions with -ThrottleLimit TL, -Repeat times;
      curl      `curl -Z --parallel-max TL` over exactly the requests the cmdlet sent (learnt from the cmdlet's own
                Verbose lines on one camera), one curl wave per request of a camera (read, write, verify = 3 waves),
                each wave under /usr/bin/time.
    Rows: status (Get-CamStatus), params (Get-CamParam), config (Get-CamConfig), snapshot (Save-CamSnapshot vs
    curl -o files), setter (Set-CamUpnp: read, write, verify; every repetition writes the other value).
    Sizes: 1000 cameras with ThrottleLimit 64, 10000 with 256 (-Size 1000,10000).

    Reported per row, best of -Repeat after -WarmUp untimed runs (wall and CPU taken independently; the first warm-up
    is also shown as the cold run of a fresh process): wall seconds, CPU seconds (user+sys of the
    process: FoscamPS = the worker pwsh's Process.TotalProcessorTime delta around the cmdlet; curl = /usr/bin/time
    user+sys of every wave), peak working set (FoscamPS = worker's peak; curl = max RSS), FoscamPS peak above its
    baseline after Import-Module (on Linux the high-water mark is reset at the baseline, so a peak while importing
    does not count; also per 1,000 sessions: transient GC heap, connection buffers and JIT code of the run), the same
    at -ReferenceSize cameras (the run's fixed cost) and per 1,000 sessions beyond it, how much of that is the output
    the caller keeps (managed size of the last run's objects), what the sessions retain between commands (managed heap
    after a full collection with the sessions alive and the outputs released, per 1,000 sessions), and the ratios
    FoscamPS/curl. For a row that writes more than two objects per camera (params), also PowerShell's own CPU for as
    many output objects of a compiled cmdlet, kept the same way (measured in the same worker after its runs), and the
    CPU ratio beyond that floor. The load average is recorded
    at each row: on a shared machine compare ratios of the same run, not absolute figures.

    Exact command (repository root, after a build):
        dotnet pwsh ./build.ps1 -Task Bench                     # micro benchmarks + this script, 1,000 cameras
        dotnet pwsh ./build.ps1 -Task Bench -Quick              # short micro benchmarks, fleet best of 1
        dotnet pwsh ./bench/Invoke-FleetBench.ps1 -ModulePath out/FoscamPS/<ver>/FoscamPS.psd1 `
            -EmulatorPath out/emulator/FoscamPS.Emulator.dll -Size 1000,10000 -Repeat 3
    Targets loopback only.
#>
[CmdletBinding(DefaultParameterSetName = 'Run')]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory, ParameterSetName = 'Run')] [string] $EmulatorPath,
    [Parameter(ParameterSetName = 'Run')] [ValidateSet(1000, 10000)] [int[]] $Size = @(1000),
    [ValidateSet('status', 'params', 'config', 'snapshot', 'setter')] [string[]] $Row = @('status', 'params', 'config', 'snapshot', 'setter'),
    [Parameter(ParameterSetName = 'Run')] [int] $LatencyMs = 50,
    [ValidateRange(1, 20)] [int] $Repeat = 3,
    # Untimed runs before the timed ones (the first is reported as the cold run): a fresh process's tiered JIT settles
    # within about six runs of 1,000 cameras.
    [ValidateRange(1, 50)] [int] $WarmUp = 6,
    # The same row, in another fresh worker, over the first K cameras only: its peak above baseline is the run's fixed
    # cost (JIT code, the GC's allocation budget, thread stacks), so that the cost per 1,000 sessions can be read as
    # (peak above baseline at N − at K) / (N − K). 100 cameras allocate more than the GC's gen0 budget, which the runtime
    # sizes from the CPU cache the machine reports (a gen0 collection every ~16 MB allocated on the machine of earlier
    # measurements, which reported a 32 MB L3 cache; every ~2 MB on one that reported none); 10 do not. 0: no reference run.
    [Parameter(ParameterSetName = 'Run')] [ValidateRange(0, 1000)] [int] $ReferenceSize = 100,
    # Markdown file the table is also written to.
    [Parameter(ParameterSetName = 'Run')] [string] $OutFile,
    # Internal: the FoscamPS side of one row, in a fresh process; prints one JSON line.
    [Parameter(Mandatory, ParameterSetName = 'Worker')] [switch] $Worker,
    [Parameter(Mandatory, ParameterSetName = 'Worker')] [string] $BasesFile,
    [Parameter(Mandatory, ParameterSetName = 'Worker')] [int] $ThrottleLimit
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ModulePath = (Resolve-Path $ModulePath).Path

# What each row runs: the cmdlet and its arguments for repetition i (setters alternate the value written).
$Rows = [ordered]@{
    status   = @{ Cmdlet = 'Get-CamStatus'; Args = { param($i, $dir) @{} }; PerCamera = 1 }
    params   = @{ Cmdlet = 'Get-CamParam'; Args = { param($i, $dir) @{} }; PerCamera = 0 }  # one object per parameter
    config   = @{ Cmdlet = 'Get-CamConfig'; Args = { param($i, $dir) @{} }; PerCamera = 1 }
    snapshot = @{ Cmdlet = 'Save-CamSnapshot'; Args = { param($i, $dir) @{ Path = $dir; Force = $true; Confirm = $false } }; PerCamera = 0; Files = $true }
    setter   = @{ Cmdlet = 'Set-CamUpnp'; Args = { param($i, $dir) @{ Enable = ($i % 2 -eq 1); Confirm = $false } }; PerCamera = 0; NoOutput = $true }
}

function Get-PeakWorkingSet {
    # VmHWM: the process's peak resident set (Linux); PeakWorkingSet64 elsewhere.
    if (Test-Path /proc/self/status) {
        $line = (Get-Content /proc/self/status) -match '^VmHWM:'
        if ($line) { return [long] (($line -split '\s+')[1]) * 1KB }
    }
    [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
}

function Get-LoadAverage { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0] } else { 'n/a' } }

if ($Worker) {
    # ---------------------------------------------------------------- FoscamPS side of one row (fresh process)
    $env:FOSCAMPS_CONFIG_DIR = Join-Path ([IO.Path]::GetTempPath()) "foscamps-bench-$PID"
    Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1')
    $spec = $Rows[$Row[0]]
    $bases = Get-Content $BasesFile
    $me = [Diagnostics.Process]::GetCurrentProcess()
    $dir = Join-Path ([IO.Path]::GetTempPath()) "foscamps-bench-snap-$PID"
    try {
        Import-Module $ModulePath
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); $me.Refresh()
        $baseline = $me.WorkingSet64
        # The peak counts from here: on Linux the process's high-water mark is reset to its present resident set, or
        # a peak reached while importing (PowerShell's own start, freed by the collection above) would count as the run's.
        if (Test-Path /proc/self/clear_refs) { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
        $heap0 = [GC]::GetTotalMemory($true)
        $cred = [pscredential]::new('admin', [securestring]::new())
        $sessions = @(Connect-Cam -Camera ($bases | ForEach-Object { ([Uri] $_).Authority }) -Credential $cred -ThrottleLimit $ThrottleLimit)
        if ($sessions.Count -ne $bases.Count) { throw "connected $($sessions.Count) of $($bases.Count)" }
        $cmd = $spec.Cmdlet
        # Untimed warm-ups over every camera: the runtime's tiered JIT recompiles the hot framework and module code
        # during the first few runs in a fresh process (its background thread counts in this process's CPU). The first
        # warm-up is also reported as the cold figure. Warm-ups run k = WarmUp-1 .. 0 so a setter writes the other
        # value each time and leaves every camera at the value of repetition 0: each timed repetition, starting at 1,
        # really changes every camera.
        $cold = $null
        for ($k = [Math]::Max(1, $WarmUp) - 1; $k -ge 0; $k--) {
            # Every run writes into a directory of its own; all are deleted after the row. Deleting a run's files right
            # before the next run made ext4 scan its recently freed inodes on every file created (perf: over half of the
            # worker's CPU in find_get_block_common, recently_deleted, ext4 group locks), which measured the file
            # system's inode reuse, not the tool. curl's waves do the same.
            $a = & $spec.Args $k (Join-Path $dir "warm$k")
            $me.Refresh(); $cpu0 = $me.TotalProcessorTime
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $null = & $cmd -Camera $sessions @a -ThrottleLimit $ThrottleLimit
            $sw.Stop(); $me.Refresh()
            if ($null -eq $cold) { $cold = [pscustomobject]@{ Wall = $sw.Elapsed.TotalSeconds; Cpu = ($me.TotalProcessorTime - $cpu0).TotalSeconds } }
        }
        # The requests of one camera, from the cmdlet's own Verbose lines (one per request), per alternating value.
        $probe = foreach ($i in 1, 0) {
            $a = & $spec.Args $i $dir
            $lines = & $cmd -Camera $sessions[0] @a -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match ': GET (\S+)' } | ForEach-Object { ([Uri] (($_.Message -split ': GET ')[1] -split ' ')[0]).PathAndQuery.TrimStart('/') }
            , @($lines)
        }
        $runs = for ($i = 1; $i -le $Repeat; $i++) {
            $runDir = Join-Path $dir "run$i"
            $a = & $spec.Args $i $runDir
            $cpu0 = $me.TotalProcessorTime
            $jit0 = [System.Runtime.JitInfo]::GetCompilationTime($false)
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $out = & $cmd -Camera $sessions @a -ThrottleLimit $ThrottleLimit -ErrorVariable failed -ErrorAction SilentlyContinue
            $sw.Stop(); $me.Refresh()
            $cpu = ($me.TotalProcessorTime - $cpu0).TotalSeconds
            # The runtime's JIT still compiles during these runs (tier-1 recompiles of methods that reach their call
            # count only after several runs: PowerShell's binder and ours), a cost per process, not per camera.
            $jit = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jit0).TotalSeconds
            if (@($failed).Count) { throw "$cmd failed on $(@($failed).Count) cameras: $($failed[0])" }
            $count = @($out).Count
            $expected = if ($spec.PerCamera) { $bases.Count * $spec.PerCamera } else { $null }
            if ($spec.Files) { $expected = $bases.Count; if (@(Get-ChildItem $runDir -Filter *.jpg).Count -ne $expected) { throw "snapshot files: $(@(Get-ChildItem $runDir).Count)" } }
            if ($expected -and @($out).Count -ne $expected) { throw "$cmd returned $(@($out).Count) objects, expected $expected" }
            if (-not $spec.NoOutput -and @($out).Count -lt $bases.Count) { throw "$cmd returned $(@($out).Count) objects for $($bases.Count) cameras" }
            if ($i -eq $Repeat) {
                # What the caller holds: the output objects' managed size (in every peak, since each run keeps them).
                $held = [GC]::GetTotalMemory($true); $out = $null; $output = $held - [GC]::GetTotalMemory($true)
            }
            $out = $null
            [pscustomobject]@{ Wall = $sw.Elapsed.TotalSeconds; Cpu = $cpu; Jit = $jit; CpuNoJit = $cpu - $jit; Objects = $count }
        }
        # What the sessions keep between commands: managed heap after a full collection, sessions alive, outputs released.
        $out = $null; $a = $null; [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        $retained = [GC]::GetTotalMemory($true) - $heap0
        $peak = Get-PeakWorkingSet
        # PowerShell's own cost of as many output objects as the cmdlet wrote (kept in a variable, as above), in this
        # same process after the runs (its compile would count in the peak, taken above): the floor under a cmdlet that
        # writes many objects per camera (Get-CamParam: one per field). Best of -Repeat after warm-ups, as the cmdlet.
        $floor = $null
        $objects = ($runs | Measure-Object Objects -Maximum).Maximum
        if ($objects -gt 2 * $bases.Count) {
            $floor = (Measure-BenchOutputFloor -Count $objects -Runs ($WarmUp + $Repeat) | Select-Object -Skip $WarmUp | Measure-Object Cpu -Minimum).Minimum
        }
        [pscustomobject]@{
            Retained = $retained
            Output = $output
            Floor = $floor
            Cmdlet = $cmd; Requests = $probe; Runs = @($runs); Cold = $cold; Baseline = $baseline; Peak = $peak
        } | ConvertTo-Json -Depth 5 -Compress
        Disconnect-Cam -All
    }
    finally {
        Remove-Item $env:FOSCAMPS_CONFIG_DIR, $dir -Recurse -Force -ErrorAction SilentlyContinue
    }
    return
}

# -------------------------------------------------------------------- driver
$InformationPreference = 'Continue'
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$time = if (Test-Path /usr/bin/time) { '/usr/bin/time' } else { throw 'This benchmark needs /usr/bin/time (GNU time) to measure curl''s CPU time.' }
$work = Join-Path ([IO.Path]::GetTempPath()) "foscamps-fleetbench-$PID"
$null = New-Item -ItemType Directory $work -Force

function Invoke-CurlWaves([string[]] $Bases, [string[]] $Requests, [int] $Tl, [switch] $Files) {
    # One curl -Z per request of a camera (read, write, verify in order); returns wall, user+sys and max RSS.
    $wall = 0.0; $cpu = 0.0; $rss = 0L
    $w = 0
    foreach ($req in $Requests) {
        $w++
        $config = Join-Path $work "curl-$w.txt"
        $snapDir = Join-Path $work "curl-snap-$w-$([guid]::NewGuid().ToString('N'))"  # a directory per wave, as the worker's runs
        if ($Files) { $null = New-Item -ItemType Directory $snapDir }
        $k = 0
        $lines = foreach ($b in $Bases) {
            $k++
            "url = `"$b$req`""
            if ($Files) { "output = `"$(Join-Path $snapDir "cam$k.jpg")`"" } else { 'output = "/dev/null"' }
        }
        Set-Content -Path $config -Value $lines
        $stats = Join-Path $work 'time.txt'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & $time -f '%U %S %M' -o $stats curl -Z --parallel-max $Tl -s --no-progress-meter -f -u 'admin:' -K $config
        $sw.Stop()
        if ($LASTEXITCODE -ne 0) { throw "curl exit $LASTEXITCODE on $req" }
        $u, $s, $m = (Get-Content $stats | Select-Object -Last 1) -split ' '
        $wall += $sw.Elapsed.TotalSeconds; $cpu += [double] $u + [double] $s; $rss = [Math]::Max($rss, [long] $m * 1KB)
    }
    [pscustomobject]@{ Wall = $wall; Cpu = $cpu; Rss = $rss }
}

$table = [System.Collections.Generic.List[string]]::new()
$table.Add(('| cameras | TL | row | FoscamPS wall s | curl wall s | wall ratio | FoscamPS CPU s | curl CPU s | CPU ratio | FoscamPS JIT s (of its CPU) | CPU ratio without JIT | cold run wall / CPU s | FoscamPS peak MB | peak above baseline MB (per 1,000) | above baseline at {0} cameras MB (fixed) | per 1,000 sessions beyond {0} MB | of which output kept by the caller MB per 1,000 | retained by sessions MB per 1,000 | curl max RSS MB | load | PowerShell''s floor for the same output objects, CPU s | CPU ratio beyond that floor |' -f $ReferenceSize))
$table.Add('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')

function Invoke-Worker([string] $BasesFile, [int] $Tl, [string] $RowName) {
    $json = & $pwsh -NoProfile -NonInteractive -File $PSCommandPath -Worker -ModulePath $ModulePath -BasesFile $BasesFile -ThrottleLimit $Tl -Row $RowName -Repeat $Repeat -WarmUp $WarmUp
    if ($LASTEXITCODE -ne 0) { throw "worker $RowName failed: $json" }
    ($json | Select-Object -Last 1) | ConvertFrom-Json
}

Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
foreach ($n in $Size) {
    $tl = if ($n -ge 10000) { 256 } else { 64 }
    $emu = $null
    try {
        $emu = Start-BenchEmulator -EmulatorPath $EmulatorPath -Count $n -LatencyMs $LatencyMs
        [string[]] $bases = @($emu.Uris | ForEach-Object { $_.TrimEnd('/') + '/' })
        $basesFile = Join-Path $work "bases-$n.txt"
        Set-Content -Path $basesFile -Value $bases
        $refFile = Join-Path $work "bases-$n-ref.txt"
        Set-Content -Path $refFile -Value ($bases | Select-Object -First $ReferenceSize)
        Write-Information "Emulator: $($bases.Count) cameras, $LatencyMs ms latency, ThrottleLimit $tl, best of $Repeat"
        foreach ($r in $Row) {
            $load = Get-LoadAverage
            $f = Invoke-Worker $basesFile $tl $r
            $fixed = $null; $beyond = $null
            if ($ReferenceSize -gt 0 -and $ReferenceSize -lt $n) {
                $ref = Invoke-Worker $refFile $tl $r
                $fixed = ($ref.Peak - $ref.Baseline) / 1MB
                $beyond = ((($f.Peak - $f.Baseline) / 1MB) - $fixed) * 1000 / ($n - $ReferenceSize)
            }
            $curlRuns = for ($i = 0; $i -lt $Repeat; $i++) {  # Requests[0] writes the value of odd repetitions, [1] of even ones
                Invoke-CurlWaves -Bases $bases -Requests @($f.Requests[$i % 2]) -Tl $tl -Files:($r -eq 'snapshot')
            }
            Get-ChildItem $work -Directory -Filter 'curl-snap-*' | Remove-Item -Recurse -Force
            $fw = ($f.Runs.Wall | Measure-Object -Minimum).Minimum; $fc = ($f.Runs.Cpu | Measure-Object -Minimum).Minimum
            $best = $f.Runs | Sort-Object Cpu | Select-Object -First 1   # the JIT figure of the best-CPU run
            $fn = ($f.Runs.CpuNoJit | Measure-Object -Minimum).Minimum
            $cw = ($curlRuns.Wall | Measure-Object -Minimum).Minimum; $cc = ($curlRuns.Cpu | Measure-Object -Minimum).Minimum
            $crss = ($curlRuns.Rss | Measure-Object -Maximum).Maximum
            $above = ($f.Peak - $f.Baseline) / 1MB
            $label = "$r ($($f.Cmdlet), $(@($f.Requests[0]).Count) req/camera)"
            $table.Add(('| {0:N0} | {1} | {2} | {3:N2} | {4:N2} | {5:N2} | {6:N2} | {7:N2} | {8:N2} | {17:N2} | {18:N2} | {14:N2} / {15:N2} | {9:N0} | {10:N0} ({11:N1}) | {19} | {20} | {21:N1} | {16:N1} | {12:N0} | {13} | {22} | {23} |' -f
                    $n, $tl, $label, $fw, $cw, ($fw / $cw), $fc, $cc, ($fc / [Math]::Max($cc, 0.001)), ($f.Peak / 1MB), $above, ($above * 1000 / $n), ($crss / 1MB), "$load→$(Get-LoadAverage)", $f.Cold.Wall, $f.Cold.Cpu, ($f.Retained / 1MB * 1000 / $n), $best.Jit, ($fn / [Math]::Max($cc, 0.001)), ($null -eq $fixed ? 'n/a' : $fixed.ToString('N1')), ($null -eq $beyond ? 'n/a' : $beyond.ToString('N1')), ($f.Output / 1MB * 1000 / $n),
                    ($null -eq $f.Floor ? 'n/a' : ([double] $f.Floor).ToString('N2')), ($null -eq $f.Floor ? 'n/a' : (($fc - [double] $f.Floor) / [Math]::Max($cc, 0.001)).ToString('N2'))))
            Write-Verbose $table[-1]
        }
    }
    finally {
        Stop-BenchEmulator $emu -TimeoutSec 15
    }
}
Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue

Write-Information ''
Write-Information ("FoscamPS vs curl -Z, {0} ms latency, Connection: close, best of {1}; ratio = FoscamPS/curl (goal: wall ≤ 1.0, CPU ≤ 1.5, ≤ 15 MB above baseline per 1,000 sessions; peaks count from the baseline after Import-Module)" -f $LatencyMs, $Repeat)
$table | ForEach-Object { Write-Information $_ }
if ($OutFile) { Set-Content -Path $OutFile -Value $table }
