<#
.SYNOPSIS
    Security audit benchmark: Test-CamSecurity over 1,000 emulated cameras (emulator child process, loopback only,
    50 ms latency per request, -ThrottleLimit 64). Prints wall time and this process's peak working set for
    (a) every check (get_params + get_factory_ddns per camera) and (b) every check but VendorDdns (one get_params read
    per camera), plus the number of findings and failures, and the load average of the machine.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-AuditBench.ps1 -ModulePath ./out/FoscamPS/0.1.0/FoscamPS.psd1 -EmulatorPath ./out/emulator/FoscamPS.Emulator.dll
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $Count = 1000,
    [int] $LatencyMs = 50,
    [int] $ThrottleLimit = 64
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
$InformationPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$env:FOSCAMPS_CONFIG_DIR = Join-Path ([IO.Path]::GetTempPath()) "foscamps-auditbench-$PID"

function Get-LoadAverage { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ' } else { 'n/a' } }

Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
$emu = $null
try {
    $emu = Start-BenchEmulator -EmulatorPath $EmulatorPath -Count $Count -LatencyMs $LatencyMs
    $addresses = $emu.Addresses
    Write-Information "Emulator: $($addresses.Count) cameras on loopback, $LatencyMs ms latency; ThrottleLimit $ThrottleLimit; load average before: $(Get-LoadAverage)"

    Import-Module $ModulePath
    $me = Get-Process -Id $PID
    $me.Refresh(); $before = $me.WorkingSet64
    # factory accounts: admin with an empty password (itself a finding)
    $cred = [pscredential]::new('admin', [securestring]::new())

    $all = [Diagnostics.Stopwatch]::StartNew()
    $findings = Test-CamSecurity -Camera $addresses -Credential $cred -ThrottleLimit $ThrottleLimit
    $all.Stop()
    $me.Refresh(); $peakAll = $me.PeakWorkingSet64
    $n = @($findings).Count
    $fails = @($findings | Where-Object Verdict -eq 'Fail').Count
    if ($n -ne $addresses.Count * 24) { throw "expected $($addresses.Count * 24) findings, got $n" }
    $findings = $null
    [GC]::Collect()

    $checks = (Get-Command Test-CamSecurity).Parameters['Check'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] })[0].ValidValues |
        Where-Object { $_ -ne 'VendorDdns' }
    $one = [Diagnostics.Stopwatch]::StartNew()
    $summary = Test-CamSecurity -Camera $addresses -Credential $cred -ThrottleLimit $ThrottleLimit -Check $checks -Summary Check
    $one.Stop()
    $me.Refresh(); $peakOne = $me.PeakWorkingSet64

    $ideal = [Math]::Ceiling($addresses.Count / $ThrottleLimit) * $LatencyMs
    Write-Information ''
    Write-Information ("(a) all 24 checks (get_params + get_factory_ddns per camera): {0:N0} ms wall, {1:N0} findings ({2:N0} Fail)" -f $all.Elapsed.TotalMilliseconds, $n, $fails)
    Write-Information ("(b) 23 checks, one get_params read per camera:            {0:N0} ms wall, {1} check summaries" -f $one.Elapsed.TotalMilliseconds, @($summary).Count)
    Write-Information ("    ideal for one request per camera at this throttle and latency: {0:N0} ms" -f $ideal)
    Write-Information ("Working set before the audits: {0:N0} MB; peak after (a): {1:N0} MB; peak after (b): {2:N0} MB (whole pwsh process)" -f ($before / 1MB), ($peakAll / 1MB), ($peakOne / 1MB))
    Write-Information "Load average after: $(Get-LoadAverage) ($([Environment]::ProcessorCount) cores, shared)"
}
finally {
    Stop-BenchEmulator $emu -TimeoutSec 10
    Remove-Item -Recurse -Force $env:FOSCAMPS_CONFIG_DIR -ErrorAction SilentlyContinue
}
