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
      Bench  - BenchmarkDotNet micro benchmarks and the fleet benchmark script
      Package - Build, then out/FoscamPS.zip (Azure Automation layout) and out/FoscamPS.<version>.nupkg
      Clean  - remove out/ and bin/obj folders
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Benchmarks only: quick run of the micro benchmarks.
    [switch] $Quick
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
        $null = Invoke-Native (Get-PwshPath) @('-NoProfile', '-NonInteractive', '-File', $fleet,
            '-ModulePath', (Join-Path (Get-ModuleOutputPath) 'FoscamPS.psd1'), '-EmulatorPath', (Join-Path $out 'emulator/FoscamPS.Emulator.dll'))
    }
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
    }
}
finally {
    Pop-Location
}
