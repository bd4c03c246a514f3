<#
.SYNOPSIS
    Runs the examples of docs/*.md against emulator fleets (started by DocExamples.Tests.ps1 in a fresh,
    non-interactive pwsh) and writes one result per example as JSON. The contract is described at the top of
    DocExamples.Tests.ps1 and in docs/README.md.
#>
param(
    [Parameter(Mandatory)] [string] $ExamplesPath,   # JSON from DocExamples.Tests.ps1: Doc, Index, Title, Code, Setup, ExpectError, StopAfterSec
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [int] $TimeoutSec = 30
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
$examples = @(Get-Content -Raw $ExamplesPath | ConvertFrom-Json)
$results = [System.Collections.Generic.List[object]]::new()

# The documentation addresses (RFC 5737) an example may use for the fleet's cameras, in fleet order.
$fleetNames = @('lobby-1', 'lobby-2', 'yard', 'gold')
$docAddresses = @('192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13')

# One emulator process; each page gets four cameras of its own, never used before (a fresh fleet per page).
$groups = @($examples | Group-Object Doc)
$emulator = Start-TestEmulator -Count (4 * $groups.Count) -Arguments @('--wifi-scan-ms', '50', '--user', 'admin::2', '--user', 'night-shift:fake-pw-1:1') -TimeoutSec 180
# 'Import-Module FoscamPS' and module autoloading (ForEach-Object -Parallel, jobs) find the module under test.
$env:PSModulePath = (Split-Path (Split-Path (Split-Path $ModulePath -Parent) -Parent) -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath
$page = 0
foreach ($group in $groups) {
    $doc = $group.Name
    $dir = Join-Path $WorkPath ([IO.Path]::GetFileNameWithoutExtension($doc))
    $null = New-Item -ItemType Directory -Force $dir
    $emu = [pscustomobject]@{ Cameras = @($emulator.Cameras[(4 * $page)..(4 * $page + 3)]) }
    $page++
    $rs = $null
    try {
        $env:FOSCAMPS_CONFIG_DIR = Join-Path $dir 'config'
        $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $iss.ImportPSModule($ModulePath)
        $rs = [runspacefactory]::CreateRunspace($iss)
        $rs.Open()
        $fixture = [powershell]::Create()
        $fixture.Runspace = $rs
        $null = $fixture.AddScript({
                param($Cameras, $Names, $Dir)
                Set-Location $Dir
                $global:ConfirmPreference = 'None'    # a confirmation prompt is answered Yes
                $global:ProgressPreference = 'SilentlyContinue'
                $global:cred = [pscredential]::new('admin', [securestring]::new())   # the emulator's default account
                # Stand-ins for the interactive cmdlets an example may start with.
                function global:Get-Credential {
                    param([Parameter(Position = 0)] [string] $UserName, [string] $Message, [string] $Title)
                    if (-not $UserName -or $UserName -eq 'admin') { return $global:cred }
                    [pscredential]::new($UserName, (ConvertTo-SecureString 'fake-pw-1' -AsPlainText -Force))
                }
                function global:Read-Host {
                    param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
                    if ($AsSecureString) { ConvertTo-SecureString 'fake-passphrase-1' -AsPlainText -Force } else { 'fake-passphrase-1' }
                }
                $env:BACKUP_ROOT = Join-Path $Dir 'backups'
                for ($i = 0; $i -lt $Names.Count; $i++) {
                    $tags = switch ($Names[$i]) { 'lobby-1' { 'lobby', 'site-a', 'dock' } 'lobby-2' { 'lobby', 'site-a' } 'yard' { 'yard', 'outdoor', 'site-a', 'site-b' } default { 'lab' } }
                    $null = Register-Cam -Name $Names[$i] -Address $Cameras[$i] -Credential $global:cred -Tag $tags
                    $null = Connect-Cam -Camera $Names[$i]
                }
            }).AddArgument(@($emu.Cameras | ForEach-Object Address)).AddArgument($fleetNames).AddArgument($dir)
        $null = $fixture.Invoke()
        if ($fixture.Streams.Error.Count) { throw "Fixture failed: $($fixture.Streams.Error[0])" }
        $fixture.Dispose()
    }
    catch {
        foreach ($e in $group.Group) { $results.Add([pscustomobject]@{ Doc = $doc; Index = $e.Index; Ok = $false; Errors = @("fixture: $_"); Seconds = 0 }) }
        if ($rs) { $rs.Dispose() }
        continue
    }

    # The docs' alarm listener port (8099) becomes a port free on this machine: two suites running at once (a soak
    # with a CI run) must not collide on it.
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Any, 0); $probe.Start()
    $listenerPort = $probe.LocalEndpoint.Port; $probe.Stop()
    foreach ($e in ($group.Group | Sort-Object Index)) {
        $script = if ($e.Setup) { "$($e.Setup)`n$($e.Code)" } else { [string] $e.Code }
        $script = [regex]::Replace($script, '(?<!\d)8099(?!\d)', "$listenerPort")
        for ($i = 0; $i -lt $docAddresses.Count; $i++) {
            $address = $emu.Cameras[$i].Address
            $script = [regex]::Replace($script, '-HostName\s+' + [regex]::Escape($docAddresses[$i]) + '\s+-Port\s+\d+', "-HostName 127.0.0.1 -Port $($address.Split(':')[1])")
            $script = [regex]::Replace($script, [regex]::Escape($docAddresses[$i]) + '(:\d+)?(?!\d)', $address)
        }
        $ps = [powershell]::Create()
        $ps.Runspace = $rs
        $null = $ps.AddScript($script)
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $errors = [System.Collections.Generic.List[string]]::new()
        $limit = if ($e.StopAfterSec) { [int] $e.StopAfterSec } else { $TimeoutSec }
        try {
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($limit))) {
                $ps.Stop()
                if (-not $e.StopAfterSec) { $errors.Add("did not finish within $limit s") }
            }
            else { $null = $ps.EndInvoke($async) }
        }
        catch { if (-not ($e.StopAfterSec -and $_.Exception.InnerException -is [System.Management.Automation.PipelineStoppedException])) { $errors.Add("terminating: $($_.Exception.InnerException.Message ?? $_.Exception.Message)") } }
        foreach ($r in $ps.Streams.Error) { $errors.Add("$($r.FullyQualifiedErrorId): $r") }
        $sw.Stop()
        $ok = if ($e.ExpectError) { $errors.Count -gt 0 } else { $errors.Count -eq 0 }
        $results.Add([pscustomobject]@{ Doc = $doc; Index = $e.Index; Ok = $ok; Errors = @($errors); Seconds = [math]::Round($sw.Elapsed.TotalSeconds, 1) })
        $ps.Dispose()
        # An example stopped early leaves its alarm listeners open: stop them so the port is free for the next one.
        $cleanup = [powershell]::Create(); $cleanup.Runspace = $rs
        $null = $cleanup.AddScript({ Get-Variable -Scope Global | Where-Object { $_.Value -is [FoscamPS.Fleet.CamAlarmListener] } | ForEach-Object { $_.Value | Stop-CamAlarmListener -ErrorAction SilentlyContinue } }).Invoke()
        $cleanup.Dispose()
    }
    $rs.Dispose()
}
Stop-TestEmulator $emulator
ConvertTo-Json -InputObject @($results) -Depth 4 | Set-Content -Path $ResultPath -Encoding utf8
