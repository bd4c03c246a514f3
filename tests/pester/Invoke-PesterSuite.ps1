<#
.SYNOPSIS
    Runs the Pester suite in this (fresh) pwsh and writes the counts as JSON for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:FOSCAMPS_TEST_MODULE = $ModulePath
$env:FOSCAMPS_TEST_EMULATOR = $EmulatorPath

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Should.ErrorAction = 'Continue'
# The tests run as in a user's session (ErrorActionPreference Continue): the runner's Stop must not leak into them.
$ErrorActionPreference = 'Continue'
$result = Invoke-Pester -Configuration $config
$ErrorActionPreference = 'Stop'

$summary = [ordered]@{
    Passed           = $result.PassedCount
    Failed           = $result.FailedCount
    Skipped          = $result.SkippedCount
    NotRun           = $result.NotRunCount
    FailedBlocks     = $result.FailedBlocksCount
    FailedContainers = $result.FailedContainersCount
    Total            = $result.TotalCount
}
$summary | ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8
if ($result.FailedCount -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
exit 0
