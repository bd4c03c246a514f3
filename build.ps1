#Requires -Version 7.2
<#
.SYNOPSIS
    Build, test, demo and benchmark FoscamPS.
.DESCRIPTION
    Plain script, no build tool required beyond the .NET SDK and the pinned PowerShell tool
    (`dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test`).
      Build  - compile, assemble out/FoscamPS/<version>/ (dll, psd1, formats, en-US help), Test-ModuleManifest
      Test   - Build, then xunit and Pester (fresh pwsh, emulator child process); last line "N passed, N failed"
      Demo   - Build, start the emulator with three cameras, tour the module in a fresh pwsh
      Bench  - BenchmarkDotNet micro benchmarks and the fleet benchmark (FoscamPS vs curl -Z, bench/README.md)
      Package - Build, then out/FoscamPS.zip (Azure Automation layout) and out/FoscamPS.<version>.nupkg
      Clean  - remove out/ and bin/obj folders
      Soak   - run the README test command -Count times, each in a fresh clone of HEAD (fresh bin/obj/out),
               and report M/N green (CI must never be red by chance)
      Fuzz   - AFL++ (Debian afl++) over the SharpFuzz harnesses in fuzz/ for -Minutes, then execs/crashes/hangs per harness
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean', 'Soak', 'Fuzz')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Benchmarks only: quick run of the micro benchmarks.
    [switch] $Quick,
    # Soak only: how many fresh-clone test runs.
    [ValidateRange(1, 1000)]
    [int] $Count = 20,
    # Fuzz only: minutes in total, shared by the harnesses.
    [ValidateRange(1, 10080)]
    [int] $Minutes = 10
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments, [switch] $AllowFailure)
    # The tool's output goes to the console, not into this function's return value.
    & $File @Arguments | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $AllowFailure) { throw "$File $($Arguments -join ' ') failed with exit code $code" }
    return $code
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $root 'FoscamPS.psd1')).ModuleVersion
}

function Get-ModuleOutputPath { Join-Path $out "FoscamPS/$(Get-ModuleVersion)" }

function Invoke-Build {
    $version = Get-ModuleVersion
    Write-Information "Building FoscamPS $version ($Configuration)" -InformationAction Continue
    $null = Invoke-Native dotnet @('build', (Join-Path $root 'FoscamPS.sln'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly')

    $moduleDir = Get-ModuleOutputPath
    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
    $bin = Join-Path $root "src/FoscamPS/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $bin 'FoscamPS.dll') $moduleDir
    Copy-Item (Join-Path $root 'FoscamPS.psd1') $moduleDir
    Get-ChildItem (Join-Path $root 'src/FoscamPS/Formats') -Filter '*.ps1xml' -ErrorAction SilentlyContinue | Copy-Item -Destination $moduleDir
    Get-ChildItem (Join-Path $root 'en-US') -File -ErrorAction SilentlyContinue | Copy-Item -Destination (Join-Path $moduleDir 'en-US')

    # Help: MAML generated from the real cmdlet metadata plus the prose in docs/*.md.
    $helpGen = Join-Path $root 'tools/New-MamlHelp.ps1'
    if (Test-Path $helpGen) {
        $null = Invoke-Native (Get-PwshPath) @('-NoProfile', '-NonInteractive', '-File', $helpGen, '-ModulePath', (Join-Path $moduleDir 'FoscamPS.psd1'), '-DocsPath', (Join-Path $root 'docs'), '-OutputPath', (Join-Path $moduleDir 'en-US/FoscamPS.dll-Help.xml'), '-Strict')
        Copy-Item (Join-Path $moduleDir 'en-US/FoscamPS.dll-Help.xml') (Join-Path $root 'en-US/FoscamPS.dll-Help.xml') -Force
    }

    # Emulator as a framework-dependent app for child-process use (Pester, demo, bench).
    $emuOut = Join-Path $out 'emulator'
    $null = Invoke-Native dotnet @('publish', (Join-Path $root 'src/FoscamPS.Emulator/FoscamPS.Emulator.csproj'), '-c', $Configuration, '-o', $emuOut, '--nologo', '-v', 'q', '-clp:ErrorsOnly')

    $manifest = Test-ModuleManifest -Path (Join-Path $moduleDir 'FoscamPS.psd1') -ErrorAction Stop
    Write-Information "Module assembled: $moduleDir (version $($manifest.Version), $($manifest.ExportedCmdlets.Count) cmdlets)" -InformationAction Continue
}

function Get-PwshPath {
    # build.ps1 runs under the pinned tool (`dotnet pwsh`); a fresh pwsh is the same tool, started anew.
    $self = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path $self) { return $self }
    $cmd = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($cmd) { return $cmd.Source }
    throw 'pwsh not found: run `dotnet tool restore` first.'
}

function Get-PesterModulePath {
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $psd1 = Join-Path $nugetRoot 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 5.7.1 not found at $psd1 (it is restored by tests/FoscamPS.Tests via PackageDownload)." }
    $psd1
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory $results -Force

    # 1. xunit (units, emulator, hosted cmdlets)
    $trx = Join-Path $results 'xunit.trx'
    $xcode = Invoke-Native dotnet @('test', (Join-Path $root 'tests/FoscamPS.Tests/FoscamPS.Tests.csproj'), '-c', $Configuration, '--no-build', '--nologo',
        '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal') -AllowFailure
    $xPassed = 0; $xFailed = 0; $xTotal = 0
    if (Test-Path $trx) {
        [xml] $doc = Get-Content -Raw $trx
        $c = $doc.TestRun.ResultSummary.Counters
        $xTotal = [int] $c.total; $xPassed = [int] $c.passed; $xFailed = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        $notRun = $xTotal - $xPassed - $xFailed
        if ($notRun -gt 0) { $xFailed += $notRun; Write-Warning "xunit: $notRun tests did not run (skipped/not executed count as failures)." }
    }
    if ($xcode -ne 0 -and $xFailed -eq 0) { $xFailed = 1; Write-Warning "xunit exited with code $xcode without reporting a failed test." }

    # 2. Pester in a fresh pwsh, module as users load it, emulator as a child process
    $pesterJson = Join-Path $results 'pester.json'
    $runner = Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1'
    $pcode = Invoke-Native (Get-PwshPath) @('-NoProfile', '-NonInteractive', '-File', $runner,
        '-PesterPath', (Get-PesterModulePath), '-ModulePath', (Join-Path (Get-ModuleOutputPath) 'FoscamPS.psd1'),
        '-EmulatorPath', (Join-Path $out 'emulator/FoscamPS.Emulator.dll'), '-ResultPath', $pesterJson) -AllowFailure
    $pPassed = 0; $pFailed = 0
    if (Test-Path $pesterJson) {
        $p = Get-Content -Raw $pesterJson | ConvertFrom-Json
        $pPassed = [int] $p.Passed
        $pFailed = [int] $p.Failed + [int] $p.FailedBlocks + [int] $p.FailedContainers + [int] $p.Skipped + [int] $p.NotRun
    }
    if ($pcode -ne 0 -and $pFailed -eq 0) { $pFailed = 1; Write-Warning "Pester exited with code $pcode without reporting a failed test." }

    $passed = $xPassed + $pPassed
    $failed = $xFailed + $pFailed
    Write-Information ("xunit: {0} passed, {1} failed; Pester: {2} passed, {3} failed" -f $xPassed, $xFailed, $pPassed, $pFailed) -InformationAction Continue
    if ($passed -eq 0 -and $failed -eq 0) { $failed = 1; Write-Warning 'No test ran.' }
    # The closing line CI reads; nothing may be printed after it.
    [Console]::Out.WriteLine("$passed passed, $failed failed")
    [Console]::Out.Flush()
    if ($failed -gt 0) { exit 1 }
    exit 0
}

function Invoke-Demo {
    Invoke-Build
    $demo = Join-Path $root 'tools/Demo.ps1'
    $code = Invoke-Native (Get-PwshPath) @('-NoProfile', '-NonInteractive', '-File', $demo,
        '-ModulePath', (Join-Path (Get-ModuleOutputPath) 'FoscamPS.psd1'), '-EmulatorPath', (Join-Path $out 'emulator/FoscamPS.Emulator.dll'),
        '-OutputPath', (Join-Path $out 'demo')) -AllowFailure
    if ($code -ne 0) { throw "Demo failed (exit code $code)." }
}

function Invoke-Bench {
    Invoke-Build
    $benchArgs = @('run', '-c', 'Release', '--project', (Join-Path $root 'bench/FoscamPS.Benchmarks/FoscamPS.Benchmarks.csproj'), '--')
    if ($Quick) { $benchArgs += @('--job', 'short') }
    $null = Invoke-Native dotnet $benchArgs
    $fleet = Join-Path $root 'bench/Invoke-FleetBench.ps1'
    if (Test-Path $fleet) {
        # FoscamPS vs curl side by side (bench/README.md); -Quick: best of 1 instead of 3.
        $null = Invoke-Native (Get-PwshPath) @('-NoProfile', '-NonInteractive', '-File', $fleet,
            '-ModulePath', (Join-Path (Get-ModuleOutputPath) 'FoscamPS.psd1'), '-EmulatorPath', (Join-Path $out 'emulator/FoscamPS.Emulator.dll'),
            '-Repeat', ($Quick ? '1' : '3'), '-OutFile', (Join-Path $out 'fleet-bench.md'))
    }
}

function Invoke-Soak {
    # Committed state only: each run clones HEAD into its own temp folder, so nothing of this tree's bin/obj/out
    # (or uncommitted edits) leaks in. Logs of every run go to out/soak/.
    $head = (& git -C $root rev-parse HEAD).Trim()
    if ($LASTEXITCODE -ne 0) { throw 'Soak needs a git repository.' }
    if (& git -C $root status --porcelain) { Write-Warning 'Uncommitted changes are not part of the soak (it clones HEAD).' }
    $logs = Join-Path $out 'soak'
    $null = New-Item -ItemType Directory $logs -Force
    $green = 0
    $results = [System.Collections.Generic.List[string]]::new()
    for ($i = 1; $i -le $Count; $i++) {
        $clone = Join-Path ([System.IO.Path]::GetTempPath()) ("foscamps-soak-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $log = Join-Path $logs ("run-{0:000}.log" -f $i)
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        try {
            & git clone --quiet --no-hardlinks $root $clone *> $log
            & git -C $clone checkout --quiet $head *>> $log
            Push-Location $clone
            try {
                # The README test command, verbatim.
                & dotnet tool restore *>> $log
                & dotnet pwsh ./build.ps1 -Task Test *>> $log
                $code = $LASTEXITCODE
            }
            finally { Pop-Location }
            $last = (Get-Content $log | Where-Object { $_ -match '^\d+ passed, \d+ failed$' } | Select-Object -Last 1)
            $ok = $code -eq 0 -and $last -match ' 0 failed$'
            if ($ok) { $green++ }
            $line = "run {0}/{1}: {2} ({3}) in {4:0} s" -f $i, $Count, ($(if ($ok) { 'green' } else { 'RED' })), ($(if ($last) { $last } else { "exit $code" })), $sw.Elapsed.TotalSeconds
            $results.Add($line)
            Write-Information $line -InformationAction Continue
        }
        finally {
            if (Test-Path $clone) { Remove-Item $clone -Recurse -Force -ErrorAction SilentlyContinue }
        }
    }
    $summary = "soak: $green/$Count green (commit $head)"
    $results.Add($summary)
    $results | Set-Content (Join-Path $logs 'summary.txt')
    [Console]::Out.WriteLine($summary)
    if ($green -ne $Count) { exit 1 }
    exit 0
}

function Invoke-Fuzz {
    if (-not (Get-Command afl-fuzz -ErrorAction SilentlyContinue)) { throw 'afl-fuzz not found: apt-get install afl++' }
    $fz = Join-Path $out 'fuzz'
    $bin = Join-Path $fz 'bin'
    $null = Invoke-Native dotnet @('build', (Join-Path $root 'fuzz/FoscamPS.Fuzz/FoscamPS.Fuzz.csproj'), '-c', 'Release', '-o', $bin, '-v', 'q', '-clp:ErrorsOnly')
    $tools = Join-Path $fz 'tools'
    if (-not (Test-Path (Join-Path $tools 'sharpfuzz'))) {
        $null = Invoke-Native dotnet @('tool', 'install', 'SharpFuzz.CommandLine', '--version', '2.3.0', '--tool-path', $tools)
    }
    foreach ($dll in 'FoscamPS.dll', 'FoscamPS.Emulator.dll') { $null = Invoke-Native (Join-Path $tools 'sharpfuzz') @((Join-Path $bin $dll)) }
    $targets = @(Get-ChildItem (Join-Path $root 'fuzz/corpus') -Directory | ForEach-Object Name)
    $seconds = [Math]::Max(10, [int]($Minutes * 60 / $targets.Count))
    $env:AFL_SKIP_BIN_CHECK = '1'; $env:AFL_NO_UI = '1'; $env:AFL_SKIP_CPUFREQ = '1'; $env:AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
    $rows = foreach ($t in $targets) {
        $findings = Join-Path $fz "findings/$t"
        if (Test-Path $findings) { Remove-Item $findings -Recurse -Force }
        $null = New-Item -ItemType Directory (Split-Path $findings) -Force
        & afl-fuzz -i (Join-Path $root "fuzz/corpus/$t") -o $findings -V $seconds -t 5000 -m none -- (Get-Command dotnet).Source (Join-Path $bin 'FoscamPS.Fuzz.dll') $t *> (Join-Path $fz "$t.log")
        $stats = @{}
        $file = Get-ChildItem $findings -Recurse -Filter fuzzer_stats -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($file) { Get-Content $file | ForEach-Object { $k, $v = $_ -split '\s*:\s*', 2; $stats[$k] = $v } }
        [pscustomobject]@{
            Harness = $t
            Execs   = [long]($stats['execs_done'] ?? 0)
            Crashes = [int]($stats['saved_crashes'] ?? $stats['unique_crashes'] ?? 0)
            Hangs   = [int]($stats['saved_hangs'] ?? $stats['unique_hangs'] ?? 0)
        }
    }
    $rows | Format-Table -AutoSize | Out-String | Write-Information -InformationAction Continue
    $total = ($rows | Measure-Object Execs -Sum).Sum
    $bad = ($rows | Measure-Object Crashes -Sum).Sum + ($rows | Measure-Object Hangs -Sum).Sum
    [Console]::Out.WriteLine("fuzz: $total execs, $(($rows | Measure-Object Crashes -Sum).Sum) crashes, $(($rows | Measure-Object Hangs -Sum).Sum) hangs (findings under $fz/findings)")
    if ($bad -gt 0 -or $total -eq 0) { exit 1 }
    exit 0
}

function Invoke-Package {
    Invoke-Build
    # A fresh pwsh: PSResourceGet loads there exactly as on a user's machine.
    $null = Invoke-Native (Get-PwshPath) @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/New-ModulePackage.ps1'),
        '-ModulePath', (Get-ModuleOutputPath), '-OutputPath', $out)
    Write-Information "Packages: $(Join-Path $out 'FoscamPS.zip'), $(Join-Path $out "FoscamPS.$(Get-ModuleVersion).nupkg")" -InformationAction Continue
}

function Invoke-Clean {
    if (Test-Path $out) { Remove-Item $out -Recurse -Force }
    Get-ChildItem $root -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } | Remove-Item -Recurse -Force
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
        'Soak' { Invoke-Soak }
        'Fuzz' { Invoke-Fuzz }
    }
}
finally {
    Pop-Location
}
