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
Add-Type -TypeDefinition @'
using System.Management.Automation;
public sealed class FloorRow { public object Camera { get; set; } public string Group { get; set; } public string Name { get; set; } public object Value { get; set; } public bool IsSecret { get; set; } }
[Cmdlet("Write", "FloorRow")]
public sealed class WriteFloorRowCommand : PSCmdlet
{
    [Parameter] public int Count { get; set; }
    protected override void EndProcessing() { for (int i = 0; i < Count; i++) WriteObject(new FloorRow { Name = "x", Value = i }); }
}
'@ -PassThru | Select-Object -First 1 -ExpandProperty Assembly | Import-Module
$me = [Diagnostics.Process]::GetCurrentProcess()
$results = for ($k = 0; $k -lt $Runs; $k++) {
    $me.Refresh(); $cpu = $me.TotalProcessorTime; $bytes = [GC]::GetTotalAllocatedBytes($false)
    $out = Write-FloorRow -Count $Count
    $me.Refresh()
    [pscustomobject]@{ Cpu = ($me.TotalProcessorTime - $cpu).TotalSeconds; MB = ([GC]::GetTotalAllocatedBytes($false) - $bytes) / 1MB; Objects = @($out).Count }
    $out = $null
}
$steady = @($results | Select-Object -Skip ([Math]::Floor($Runs / 2)) | Sort-Object Cpu)
'{0:n0} objects written and kept: CPU {1:0.000}-{2:0.000} s (median {3:0.000}), {4:0.0} MB allocated (runs {5}-{6})' -f `
    $Count, $steady[0].Cpu, $steady[-1].Cpu, $steady[[Math]::Floor($steady.Count / 2)].Cpu, $steady[0].MB, ([Math]::Floor($Runs / 2) + 1), $Runs
