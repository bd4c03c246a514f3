<#
.SYNOPSIS
    PowerShell's own cost of N output objects from a compiled cmdlet, kept in a variable as the fleet bench keeps them
    (issue 13: Get-CamParam writes one object per get_params field, 200 per camera). No camera, no network: what any
    cmdlet pays for its output objects (PowerShell wraps each in a PSObject), the floor under the params row.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./bench/Measure-PipelineFloor.ps1 -Count 200000
#>
[CmdletBinding()]
param([int] $Count = 200000, [int] $Runs = 12)
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
$results = Measure-BenchOutputFloor -Count $Count -Runs $Runs
$steady = @($results | Select-Object -Skip ([Math]::Floor($Runs / 2)) | Sort-Object Cpu)
'{0:n0} objects written and kept: CPU {1:0.000}-{2:0.000} s (median {3:0.000}), {4:0.0} MB allocated (runs {5}-{6})' -f `
    $Count, $steady[0].Cpu, $steady[-1].Cpu, $steady[[Math]::Floor($steady.Count / 2)].Cpu, $steady[0].MB, ([Math]::Floor($Runs / 2) + 1), $Runs
