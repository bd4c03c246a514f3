<#
.SYNOPSIS
    Azure Automation runbook: status and configuration backups of a camera fleet, with one summary object.
.DESCRIPTION
    Runs unattended (no prompt, no host UI) in Azure Automation (PowerShell 7.2+/5.1 runtime) on a Hybrid Runbook
    Worker that can reach the cameras:
      - the camera account comes from the Automation credential asset -CredentialName (Get-AutomationPSCredential);
      - the cameras come from the Automation variable -CameraListVariable, a JSON array such as
          [ { "Name": "lobby-1", "Address": "192.0.2.10:81" }, { "Name": "yard", "Address": "[2001:db8::7]" } ]
        (Name is optional; Address is host, host:port, [IPv6]:port or http://host:port/);
      - every camera is read (Get-CamStatus) and backed up (Backup-CamConfig) in parallel; a camera that fails is
        one error record (Automation's Error stream) and the others carry on;
      - the output is ONE compact summary object (Automation keeps at most 1 MiB per stream); backups go to disk.
    Nothing is persisted in a user profile: FoscamPS keeps its registry in memory when the sandbox has no usable
    profile folder (one warning), which this runbook does not need anyway.
.PARAMETER CredentialName
    Name of the Automation credential asset with the camera account (PSCredential).
.PARAMETER CameraListVariable
    Name of the Automation variable holding the camera list as JSON.
.PARAMETER BackupPath
    Folder for the params.bin backups (created owner-only). On a Hybrid Runbook Worker use a local folder that is
    itself backed up; in the cloud sandbox the folder is temporary.
.PARAMETER ThrottleLimit
    Cameras worked on at once.
.PARAMETER MaxClockSkewSeconds
    Cameras whose clock is off by more than this are listed in the summary (NTP problems break schedules and logs).
#>
[CmdletBinding()]
[OutputType([pscustomobject])]
param(
    [string] $CredentialName = 'FoscamAdmin',
    [string] $CameraListVariable = 'FoscamCameras',
    [string] $BackupPath = (Join-Path ([IO.Path]::GetTempPath()) 'foscam-backups'),
    [ValidateRange(1, 1024)] [int] $ThrottleLimit = 32,
    [int] $MaxClockSkewSeconds = 300
)

$ErrorActionPreference = 'Stop'          # anything unexpected stops the job; per-camera failures are handled below
$ProgressPreference = 'SilentlyContinue' # Automation does not show progress; it only costs time
Import-Module FoscamPS

$credential = Get-AutomationPSCredential -Name $CredentialName
if ($null -eq $credential) { throw "The Automation credential '$CredentialName' does not exist." }
$cameras = @(Get-AutomationVariable -Name $CameraListVariable | ConvertFrom-Json)
if ($cameras.Count -eq 0) { throw "The Automation variable '$CameraListVariable' holds no camera." }
$started = [DateTimeOffset]::UtcNow

# Per-camera failures are non-terminating errors: collect them instead of stopping the job.
$status = @($cameras | Get-CamStatus -Credential $credential -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable statusErrors)
$reachable = @($status | ForEach-Object { $_.Camera.Address.ToString() })
$backups = @($cameras | Where-Object { $reachable -contains ([FoscamPS.Protocol.CamAddress]::Parse($_.Address).ToString()) } |
        Backup-CamConfig -Credential $credential -Path $BackupPath -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable backupErrors)

# Write each failure once to the Error stream (what Automation alerts on), without stopping the job.
$failures = @($statusErrors) + @($backupErrors)
foreach ($e in $failures) { Write-Error -ErrorRecord $e -ErrorAction Continue }

[pscustomobject]@{
    Cameras        = $cameras.Count
    Reachable      = $status.Count
    BackedUp       = $backups.Count
    Failed         = @($failures | ForEach-Object { [pscustomobject]@{ Camera = "$($_.TargetObject)"; ErrorId = $_.FullyQualifiedErrorId -replace ',.*$'; Message = $_.Exception.Message } })
    ClockSkewed    = @($status | Where-Object { $null -ne $_.ClockSkew -and [Math]::Abs($_.ClockSkew.TotalSeconds) -gt $MaxClockSkewSeconds } | ForEach-Object { "$($_.Camera)" })
    Firmware       = @($status | Group-Object { "$($_.SystemVersion)" } | ForEach-Object { [pscustomobject]@{ SystemVersion = $_.Name; Cameras = $_.Count } })
    BackupFolder   = $BackupPath
    BackupFiles    = @($backups | ForEach-Object { [pscustomobject]@{ Camera = "$($_.Camera)"; File = Split-Path $_.Path -Leaf; Sha256 = $_.Sha256 } })
    StartedUtc     = $started.ToString('o')
    DurationSec    = [Math]::Round(([DateTimeOffset]::UtcNow - $started).TotalSeconds, 1)
}
