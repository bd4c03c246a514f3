<#
.SYNOPSIS
    The main job: a short tour of FoscamPS against three emulated cameras (started and stopped here).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'

# The demo's own registry/store live under out/demo, not in the user's profile.
$env:FOSCAMPS_CONFIG_DIR = Join-Path $OutputPath 'config'
$null = New-Item -ItemType Directory -Force -Path $OutputPath

function Show([string] $title) { Write-Information "`n=== $title ===" }

$psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
foreach ($a in @($EmulatorPath, '--count', '3', '--exit-on-stdin-eof', '--user', 'admin:demo-fake-pw:2')) { $psi.ArgumentList.Add($a) }
$psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
$emu = [System.Diagnostics.Process]::Start($psi)
try {
    $cams = @()
    while ($true) {
        $line = $emu.StandardOutput.ReadLine()
        if ($null -eq $line) { throw 'The emulator stopped before it was ready.' }
        if ($line -match '^LISTENING (\S+) (\S+)') { $u = [Uri] $Matches[1]; $cams += "$($u.Host):$($u.Port)" }
        if ($line -eq 'READY') { break }
    }
    Show "Emulator: $($cams.Count) cameras at $($cams -join ', ')"

    Import-Module $ModulePath
    $secure = [System.Security.SecureString]::new(); 'demo-fake-pw'.ToCharArray() | ForEach-Object { $secure.AppendChar($_) }
    $cred = [pscredential]::new('admin', $secure)

    Show 'Connect-Cam (one session per camera)'
    $names = 'lobby', 'garage', 'yard'
    $sessions = for ($i = 0; $i -lt $cams.Count; $i++) { Connect-Cam -Camera $cams[$i] -Credential $cred -SessionName $names[$i] -Tag demo }
    $sessions | Format-Table | Out-String -Width 160 | Write-Information

    Show 'Get-CamStatus (all connected cameras, in parallel)'
    Get-CamStatus | Format-Table | Out-String -Width 160 | Write-Information

    Show 'Get-CamParam -Group Network,Wifi (secrets masked)'
    Get-CamParam -Camera lobby -Group Network, Wifi | Format-Table -GroupBy Camera | Out-String -Width 160 | Write-Information

    Show 'Save-CamSnapshot'
    $snaps = Get-CamSession | Save-CamSnapshot -Path (Join-Path $OutputPath 'snapshots') -Force
    $snaps | Format-Table | Out-String -Width 160 | Write-Information

    if (Get-Command Backup-CamConfig -ErrorAction SilentlyContinue) {
        Show 'Backup-CamConfig'
        Backup-CamConfig -Camera lobby -Path (Join-Path $OutputPath 'backups') | Format-Table | Out-String -Width 160 | Write-Information
    }

    Show 'Disconnect-Cam'
    Disconnect-Cam -All
    Write-Information "Demo finished; files under $OutputPath"
}
finally {
    try { $emu.StandardInput.Close() } catch { }
    if (-not $emu.WaitForExit(5000)) { $emu.Kill($true) }
}
