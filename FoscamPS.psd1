@{
    RootModule             = 'FoscamPS.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = 'c7d1f0a4-5b7e-4c4e-9f55-2d0a6a3b8e11'
    Author                 = 'FoscamPS contributors'
    CompanyName            = 'FoscamPS'
    Copyright              = '(c) FoscamPS contributors. MIT licence.'
    Description            = 'Administer fleets of legacy Foscam MJPEG IP cameras (FI8908W, FI8910W, FI8918W and Netwave clones) over their CGI interface: sessions, a camera registry with an encrypted credential store, status, parameters, snapshots, configuration backups, alias and restart, run in parallel across many cameras with per-camera errors. Works in Windows PowerShell 5.1, PowerShell 7 and Azure Automation.'
    HelpInfoURI            = 'https://github.com/foscamps/FoscamPS/tree/main/docs'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('FoscamPS.Format.ps1xml', 'FoscamPS.Beyond.Format.ps1xml')
    TypesToProcess         = @()
    CmdletsToExport        = @(
        'Backup-CamConfig'
        'Connect-Cam'
        'Disconnect-Cam'
        'Export-CamReport'
        'Get-CamCredentialStore'
        'Get-CamParam'
        'Get-CamRegistration'
        'Get-CamSession'
        'Get-CamStatus'
        'Lock-CamCredentialStore'
        'Receive-CamAlarm'
        'Register-Cam'
        'Restart-Cam'
        'Save-CamSnapshot'
        'Set-CamAlias'
        'Set-CamCredentialStore'
        'Set-CamRegistration'
        'Start-CamAlarmListener'
        'Stop-CamAlarmListener'
        'Unlock-CamCredentialStore'
        'Unregister-Cam'
        'Watch-CamAlarm'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Foscam', 'IPCamera', 'Camera', 'Netwave', 'MJPEG', 'CCTV', 'Surveillance', 'Fleet', 'AzureAutomation', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/foscamps/FoscamPS'
            LicenseUri   = 'https://github.com/foscamps/FoscamPS/blob/main/LICENSE'
            # Replaced by the newest section of CHANGELOG.md when build.ps1 -Task Package stages the module.
            ReleaseNotes = 'https://github.com/foscamps/FoscamPS/blob/main/CHANGELOG.md'
        }
    }
}
