#Requires -Modules Pester
# Secrets across EVERY output of the module (issue 9), data-driven:
# - camera A ('lobby-1') holds a canary password in every secret slot (admin account, a second user, Wi-Fi keys, FTP,
#   SMTP, PPPoE, MSN, DDNS, linked device, credentials in the alarm URL); it also has a user with a BLANK password;
# - camera B ('yard') holds no secret at all (admin with a blank password, every key blank).
# Every exported cmdlet has at least one invocation below (a test fails for a cmdlet without one), run with and
# without -IncludeSecret where the cmdlet has it, -WhatIf where it changes state, and error paths. Each invocation's
# objects, errors, warnings, verbose lines and host text (-WhatIf plans, through a transcript) are rendered as
# ConvertTo-Json, ConvertTo-Csv, Export-Clixml, Format-List *, the default view and Out-String; none may contain a
# canary (plain, UTF-16/UTF-8 hex as Export-Clixml writes a SecureString off Windows, base64) or its length as a
# giveaway (a Length property of 9, a run of 9 stars). Blank must show blank: nothing about camera B shows the mask;
# a CamSecret shows exactly '********' when set and '' when blank. Files the cmdlets write about cameras (backup
# manifests, the HTML report) are checked the same way.

BeforeDiscovery {
    # name, cmdlet, script (parameters: $A = canary camera, $B = blank camera, $P = canary PSCredential, $Blank = a
    # PSCredential with a blank password, $W = work folder, $L = state shared between invocations)
    $script:Invocations = @(
        @{ Name = 'Add-CamUser -WhatIf'; Cmdlet = 'Add-CamUser'; Script = { Add-CamUser -Camera $A -Account $P -Privilege Operator -WhatIf } }
        @{ Name = 'Add-CamUser blank -WhatIf'; Cmdlet = 'Add-CamUser'; Script = { Add-CamUser -Camera $B -Account $Blank -Privilege Visitor -WhatIf } }
        @{ Name = 'Backup-CamConfig'; Cmdlet = 'Backup-CamConfig'; Script = { Backup-CamConfig -Camera $A, $B -Path (Join-Path $W 'backup') } ; Files = { Get-ChildItem (Join-Path $work 'backup') -Filter *.xml } }
        @{ Name = 'Connect-Cam'; Cmdlet = 'Connect-Cam'; Script = { Connect-Cam -HostName 127.0.0.1 -Port $L.PortA -Credential $P -Name audit-tmp -Force; Get-CamSession -Name audit-tmp | Format-List * | Out-String } }
        @{ Name = 'Connect-Cam wrong password'; Cmdlet = 'Connect-Cam'; Script = { Connect-Cam -HostName 127.0.0.1 -Port $L.PortA -Credential $L.Wrong -Name audit-bad } }
        @{ Name = 'Disconnect-Cam'; Cmdlet = 'Disconnect-Cam'; Script = { Disconnect-Cam -Camera audit-tmp } }
        @{ Name = 'Export-CamReport'; Cmdlet = 'Export-CamReport'; Script = { Export-CamReport -Camera $A, $B -Path (Join-Path $W 'report.html') -Force -NoSnapshot }; Files = { Get-Item (Join-Path $work 'report.html') } }
        @{ Name = 'Find-CamWifiNetwork'; Cmdlet = 'Find-CamWifiNetwork'; Script = { Find-CamWifiNetwork -Camera $A -NoScan } }
        @{ Name = 'Get-CamAlarm'; Cmdlet = 'Get-CamAlarm'; Script = { Get-CamAlarm -Camera $A, $B } }
        @{ Name = 'Get-CamConfig'; Cmdlet = 'Get-CamConfig'; Script = { Get-CamConfig -Camera $A, $B } }
        @{ Name = 'Get-CamCredentialStore'; Cmdlet = 'Get-CamCredentialStore'; Script = { Get-CamCredentialStore } }
        @{ Name = 'Get-CamDateTime'; Cmdlet = 'Get-CamDateTime'; Script = { Get-CamDateTime -Camera $A, $B } }
        @{ Name = 'Get-CamDdns'; Cmdlet = 'Get-CamDdns'; Script = { Get-CamDdns -Camera $A, $B } }
        @{ Name = 'Get-CamDecoder'; Cmdlet = 'Get-CamDecoder'; Script = { Get-CamDecoder -Camera $A, $B } }
        @{ Name = 'Get-CamDeviceLink'; Cmdlet = 'Get-CamDeviceLink'; Script = { Get-CamDeviceLink -Camera $A, $B } }
        @{ Name = 'Get-CamFactoryDdns'; Cmdlet = 'Get-CamFactoryDdns'; Script = { Get-CamFactoryDdns -Camera $A, $B } }
        @{ Name = 'Get-CamFrame'; Cmdlet = 'Get-CamFrame'; Script = { Get-CamFrame -Camera $A -FrameCount 1 } }
        @{ Name = 'Get-CamFtp'; Cmdlet = 'Get-CamFtp'; Script = { Get-CamFtp -Camera $A, $B } }
        @{ Name = 'Get-CamImageSetting'; Cmdlet = 'Get-CamImageSetting'; Script = { Get-CamImageSetting -Camera $A, $B } }
        @{ Name = 'Get-CamLog'; Cmdlet = 'Get-CamLog'; Script = { Get-CamLog -Camera $A, $B } }
        @{ Name = 'Get-CamMail'; Cmdlet = 'Get-CamMail'; Script = { Get-CamMail -Camera $A, $B } }
        @{ Name = 'Get-CamMisc'; Cmdlet = 'Get-CamMisc'; Script = { Get-CamMisc -Camera $A, $B } }
        @{ Name = 'Get-CamMsn'; Cmdlet = 'Get-CamMsn'; Script = { Get-CamMsn -Camera $A, $B } }
        @{ Name = 'Get-CamNetwork'; Cmdlet = 'Get-CamNetwork'; Script = { Get-CamNetwork -Camera $A, $B } }
        @{ Name = 'Get-CamParam'; Cmdlet = 'Get-CamParam'; Script = { Get-CamParam -Camera $A, $B } }
        @{ Name = 'Get-CamPppoe'; Cmdlet = 'Get-CamPppoe'; Script = { Get-CamPppoe -Camera $A, $B } }
        @{ Name = 'Get-CamPrivacySchedule'; Cmdlet = 'Get-CamPrivacySchedule'; Script = { Get-CamPrivacySchedule -Camera $A, $B } }
        @{ Name = 'Get-CamRegistration'; Cmdlet = 'Get-CamRegistration'; Script = { Get-CamRegistration } }
        @{ Name = 'Get-CamSession'; Cmdlet = 'Get-CamSession'; Script = { Get-CamSession } }
        @{ Name = 'Test-CamSecurity'; Cmdlet = 'Test-CamSecurity'; Script = { Test-CamSecurity -Camera $A, $B } }
        @{ Name = 'Test-CamSecurity summary'; Cmdlet = 'Test-CamSecurity'; Script = { Test-CamSecurity -Camera $A, $B -Summary Camera } }
        @{ Name = 'Export-CamReport with findings'; Cmdlet = 'Export-CamReport'; Script = { Export-CamReport -Camera $A, $B -Finding (Test-CamSecurity -Camera $A, $B) -Path (Join-Path $W 'report-audit.html') -Force -NoSnapshot }; Files = { Get-Item (Join-Path $work 'report-audit.html') } }
        @{ Name = 'Export-CamConfig'; Cmdlet = 'Export-CamConfig'; Script = { Export-CamConfig -Camera $A, $B -Path (Join-Path $W 'cfg') -Force }; Files = { Get-ChildItem (Join-Path $work 'cfg') -Filter *.json } }
        @{ Name = 'Export-CamConfig -Baseline'; Cmdlet = 'Export-CamConfig'; Script = { Export-CamConfig -Camera $A, $B -Path (Join-Path $W 'cfgbase') -Baseline -Force }; Files = { Get-ChildItem (Join-Path $work 'cfgbase') -Filter *.json } }
        @{ Name = 'Compare-CamConfig'; Cmdlet = 'Compare-CamConfig'; Script = { Compare-CamConfig -Camera $A -ReferenceCamera $B } }
        @{ Name = 'Set-CamConfig -WhatIf'; Cmdlet = 'Set-CamConfig'; Script = { Compare-CamConfig -Camera $A -ReferenceCamera $B | Set-CamConfig -WhatIf } }
        @{ Name = 'Find-Cam'; Cmdlet = 'Find-Cam'; Script = { Find-Cam -Address 127.0.0.1 -Port $L.DiscoveryA -TimeoutSec 1 } }
        @{ Name = 'Get-CamStatus'; Cmdlet = 'Get-CamStatus'; Script = { Get-CamStatus -Camera $A, $B } }
        @{ Name = 'Get-CamStatus wrong password'; Cmdlet = 'Get-CamStatus'; Script = { Get-CamStatus -Camera "127.0.0.1:$($L.PortA)" -Credential $L.Wrong } }
        @{ Name = 'Get-CamStatus password in URI'; Cmdlet = 'Get-CamStatus'; Script = { Get-CamStatus -Camera "http://admin:$($L.Canary)@127.0.0.1:$($L.PortA)/" } }
        @{ Name = 'Get-CamUpnp'; Cmdlet = 'Get-CamUpnp'; Script = { Get-CamUpnp -Camera $A, $B } }
        @{ Name = 'Get-CamUser'; Cmdlet = 'Get-CamUser'; Script = { Get-CamUser -Camera $A, $B } }
        @{ Name = 'Get-CamWifi'; Cmdlet = 'Get-CamWifi'; Script = { Get-CamWifi -Camera $A, $B } }
        @{ Name = 'Invoke-CamPtz'; Cmdlet = 'Invoke-CamPtz'; Script = { Invoke-CamPtz -Camera $A -Stop } }
        @{ Name = 'Lock-CamCredentialStore'; Cmdlet = 'Lock-CamCredentialStore'; Script = { Lock-CamCredentialStore } }
        @{ Name = 'New-CamSchedule'; Cmdlet = 'New-CamSchedule'; Script = { New-CamSchedule -Always } }
        @{ Name = 'Start/Receive/Stop alarm listener'; Cmdlet = 'Start-CamAlarmListener', 'Receive-CamAlarm', 'Stop-CamAlarmListener'; Script = { $l = Start-CamAlarmListener -Port 0 -ListenAddress 127.0.0.1 -Camera $A; $l; Receive-CamAlarm -Listener $l -TimeoutSec 1; Stop-CamAlarmListener -Listener $l } }
        @{ Name = 'Register-Cam / Set-CamRegistration / Unregister-Cam'; Cmdlet = 'Register-Cam', 'Set-CamRegistration', 'Unregister-Cam'; Script = { Register-Cam -Name audit-reg -Address "127.0.0.1:$($L.PortA)" -Credential $P; Set-CamRegistration -Name audit-reg -Credential $P -PassThru; Unregister-Cam -Name audit-reg -Confirm:$false } }
        @{ Name = 'Remove-CamUser -WhatIf'; Cmdlet = 'Remove-CamUser'; Script = { Remove-CamUser -Camera $A -UserName viewer -WhatIf } }
        @{ Name = 'Reset-Cam -WhatIf'; Cmdlet = 'Reset-Cam'; Script = { Reset-Cam -Camera $A -WhatIf } }
        @{ Name = 'Reset-CamFactoryDdns -WhatIf'; Cmdlet = 'Reset-CamFactoryDdns'; Script = { Reset-CamFactoryDdns -Camera $A -WhatIf } }
        @{ Name = 'Restart-Cam -WhatIf'; Cmdlet = 'Restart-Cam'; Script = { Restart-Cam -Camera $A -WhatIf } }
        @{ Name = 'Restore-CamConfig -WhatIf'; Cmdlet = 'Restore-CamConfig'; Script = { $f = Get-ChildItem (Join-Path $W 'backup') -Filter *.bin | Select-Object -First 1; Restore-CamConfig -Camera $A -Path $f.FullName -Force -WhatIf } }
        @{ Name = 'Save-CamSnapshot'; Cmdlet = 'Save-CamSnapshot'; Script = { Save-CamSnapshot -Camera $A -Path (Join-Path $W 'snap') } }
        @{ Name = 'Save-CamVideo'; Cmdlet = 'Save-CamVideo'; Script = { Save-CamVideo -Camera $A -Path (Join-Path $W 'video') -FrameCount 2 } }
        @{ Name = 'Send-CamSerialData -WhatIf'; Cmdlet = 'Send-CamSerialData'; Script = { Send-CamSerialData -Camera $A -Hex '0102' -BaudRate 9600 -WhatIf } }
        @{ Name = 'Set-CamAlarm -WhatIf'; Cmdlet = 'Set-CamAlarm'; Script = { Set-CamAlarm -Camera $B -HttpUrl "http://u:$($L.Canary)@192.0.2.9/alarm" -WhatIf } }
        @{ Name = 'Set-CamAlias'; Cmdlet = 'Set-CamAlias'; Script = { Set-CamAlias -Camera $A -Alias Lobby -PassThru } }
        @{ Name = 'Set-CamCredentialStore -WhatIf'; Cmdlet = 'Set-CamCredentialStore'; Script = { Set-CamCredentialStore -Protection Passphrase -Passphrase $P.Password -WhatIf } }
        @{ Name = 'Set-CamDateTime -WhatIf'; Cmdlet = 'Set-CamDateTime'; Script = { Set-CamDateTime -Camera $A -SyncLocalClock -WhatIf } }
        @{ Name = 'Set-CamDdns copy -WhatIf'; Cmdlet = 'Set-CamDdns'; Script = { Get-CamDdns -Camera $A -IncludeSecret | Set-CamDdns -Camera $B -WhatIf } }
        @{ Name = 'Set-CamDecoder -WhatIf'; Cmdlet = 'Set-CamDecoder'; Script = { Set-CamDecoder -Camera $A -Baud 9600 -WhatIf } }
        @{ Name = 'Set-CamDeviceLink -WhatIf'; Cmdlet = 'Set-CamDeviceLink'; Script = { Set-CamDeviceLink -Camera $B -Index 2 -HostName 192.0.2.8 -Account $P -WhatIf; Set-CamDeviceLink -Camera $B -Index 3 -HostName 192.0.2.8 -Account $Blank -WhatIf } }
        @{ Name = 'Set-CamExtraIo -WhatIf'; Cmdlet = 'Set-CamExtraIo'; Script = { Set-CamExtraIo -Camera $A -HighLine 1 -WhatIf } }
        @{ Name = 'Set-CamFactoryConfig -WhatIf'; Cmdlet = 'Set-CamFactoryConfig'; Script = { $f = Get-ChildItem (Join-Path $W 'backup') -Filter *.bin | Select-Object -First 1; Set-CamFactoryConfig -Camera $A -Path $f.FullName -WhatIf } }
        @{ Name = 'Set-CamFactoryDdns -WhatIf'; Cmdlet = 'Set-CamFactoryDdns'; Script = { Set-CamFactoryDdns -Camera $A -Account $P -WhatIf } }
        @{ Name = 'Set-CamFtp'; Cmdlet = 'Set-CamFtp'; Script = { Set-CamFtp -Camera $A -Account $P -PassThru; Set-CamFtp -Camera $B -Account $Blank -WhatIf } }
        @{ Name = 'Set-CamFtp -WhatIf, camera unreachable'; Cmdlet = 'Set-CamFtp'; Script = { Set-CamFtp -Camera 127.0.0.1:1 -Account $Blank -TimeoutSec 2 -RetryCount 0 -WhatIf; Set-CamWifi -Camera 127.0.0.1:1 -WpaPsk ([securestring]::new()) -TimeoutSec 2 -RetryCount 0 -WhatIf } }
        @{ Name = 'Set-CamImageSetting -WhatIf'; Cmdlet = 'Set-CamImageSetting'; Script = { Set-CamImageSetting -Camera $A -Brightness 100 -WhatIf } }
        @{ Name = 'Set-CamIoOutput -WhatIf'; Cmdlet = 'Set-CamIoOutput'; Script = { Set-CamIoOutput -Camera $A -Level High -WhatIf } }
        @{ Name = 'Set-CamIrLed -WhatIf'; Cmdlet = 'Set-CamIrLed'; Script = { Set-CamIrLed -Camera $A -State On -WhatIf } }
        @{ Name = 'Set-CamMac -WhatIf'; Cmdlet = 'Set-CamMac'; Script = { Set-CamMac -Camera $A -MacAddress 00-11-22-33-44-55 -WhatIf } }
        @{ Name = 'Set-CamMail copy -WhatIf'; Cmdlet = 'Set-CamMail'; Script = { Get-CamMail -Camera $A -IncludeSecret | Set-CamMail -Camera $B -WhatIf; Set-CamMail -Camera $B -Account $Blank -WhatIf } }
        @{ Name = 'Set-CamMisc -WhatIf'; Cmdlet = 'Set-CamMisc'; Script = { Set-CamMisc -Camera $A -LedMode 1 -WhatIf } }
        @{ Name = 'Set-CamMsn -WhatIf'; Cmdlet = 'Set-CamMsn'; Script = { Set-CamMsn -Camera $B -Account $P -WhatIf } }
        @{ Name = 'Set-CamNetwork -WhatIf'; Cmdlet = 'Set-CamNetwork'; Script = { Set-CamNetwork -Camera $A -Dhcp $false -WhatIf } }
        @{ Name = 'Set-CamPppoe -WhatIf'; Cmdlet = 'Set-CamPppoe'; Script = { Set-CamPppoe -Camera $B -Account $P -WhatIf; Set-CamPppoe -Camera $B -Account $Blank -WhatIf } }
        @{ Name = 'Set-CamPrivacySchedule -WhatIf'; Cmdlet = 'Set-CamPrivacySchedule'; Script = { Set-CamPrivacySchedule -Camera $A -Schedule (New-CamSchedule -Never) -WhatIf } }
        @{ Name = 'Set-CamPtzPreset -WhatIf'; Cmdlet = 'Set-CamPtzPreset'; Script = { Set-CamPtzPreset -Camera $A -Preset 1 -WhatIf } }
        @{ Name = 'Set-CamUpnp -WhatIf'; Cmdlet = 'Set-CamUpnp'; Script = { Set-CamUpnp -Camera $A -Enable $true -WhatIf } }
        @{ Name = 'Set-CamUser -WhatIf'; Cmdlet = 'Set-CamUser'; Script = { Set-CamUser -Camera $A -Account $P -WhatIf; Set-CamUser -Camera $B -Account $Blank -WhatIf } }
        @{ Name = 'Set-CamWifi -WhatIf'; Cmdlet = 'Set-CamWifi'; Script = { Set-CamWifi -Camera $B -WpaPsk $P.Password -WhatIf; Set-CamWifi -Camera $B -Key1 ([securestring]::new()) -WhatIf; Get-CamWifi -Camera $A -IncludeSecret | Set-CamWifi -Camera $B -WhatIf } }
        @{ Name = 'Test-CamCredential'; Cmdlet = 'Test-CamCredential'; Script = { Test-CamCredential -Camera $A, $B; Test-CamCredential -Camera "127.0.0.1:$($L.PortA)" -Credential $L.Wrong } }
        @{ Name = 'Test-CamFtp'; Cmdlet = 'Test-CamFtp'; Script = { Test-CamFtp -Camera $A } }
        @{ Name = 'Test-CamMail'; Cmdlet = 'Test-CamMail'; Script = { Test-CamMail -Camera $A } }
        @{ Name = 'Unlock-CamCredentialStore'; Cmdlet = 'Unlock-CamCredentialStore'; Script = { Unlock-CamCredentialStore -Passphrase $P.Password } }
        @{ Name = 'Update-CamFirmware -WhatIf'; Cmdlet = 'Update-CamFirmware'; Script = { Update-CamFirmware -Camera $A -Path (Join-Path $W 'fw.bin') -WhatIf } }
        @{ Name = 'Update-CamWebUI -WhatIf'; Cmdlet = 'Update-CamWebUI'; Script = { Update-CamWebUI -Camera $A -Path (Join-Path $W 'ui.bin') -WhatIf } }
        @{ Name = 'Wait-Cam'; Cmdlet = 'Wait-Cam'; Script = { Wait-Cam -Camera $A } }
        @{ Name = 'Watch-CamAlarm'; Cmdlet = 'Watch-CamAlarm'; Script = { Watch-CamAlarm -Camera $A -Count 1 -IntervalSec 1 -Until (Get-Date).AddSeconds(2) } }
    )
    # Every cmdlet with -IncludeSecret also runs with it (and piped into the serializers the same way).
    $module = Import-Module $env:FOSCAMPS_TEST_MODULE -PassThru -Force
    $withSecret = @($module.ExportedCmdlets.Values | Where-Object { $_.Parameters.ContainsKey('IncludeSecret') } | ForEach-Object Name)
    foreach ($name in $withSecret) {
        $script:Invocations += @{ Name = "$name -IncludeSecret"; Cmdlet = $name; Script = [scriptblock]::Create("$name -Camera `$A, `$B -IncludeSecret") }
    }
    $script:Exported = @($module.ExportedCmdlets.Keys | Sort-Object)
    Remove-Module FoscamPS
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-secrets-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory $work
    $env:FOSCAMPS_CONFIG_DIR = Join-Path $work 'config'
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force

    $script:canaries = @('fake-pw-7', 'fake-pw-8')     # both 9 characters
    $script:L = @{ Canary = 'fake-pw-7'; Wrong = (New-TestCredential -UserName admin -Password 'fake-pw-8') }
    $script:P = New-TestCredential -UserName admin -Password 'fake-pw-7'
    $script:Blank = New-TestCredential -UserName viewer -Password ''
    $script:emuA = Start-TestEmulator -Count 1 -Arguments @('--user', 'admin:fake-pw-7:2', '--user', 'viewer::0', '--user', 'oper:fake-pw-7:1')
    $script:emuB = Start-TestEmulator -Count 1
    $L.PortA = $emuA.Cameras[0].Uri.Port
    $L.DiscoveryA = $emuA.Discovery.Port
    Register-Cam -Name lobby-1 -Address $emuA.Cameras[0].Address -Credential $P | Out-Null
    Register-Cam -Name yard -Address $emuB.Cameras[0].Address -Credential (New-TestCredential -UserName admin -Password '') | Out-Null
    $script:A = 'lobby-1'
    $script:B = 'yard'
    $null = Connect-Cam -Camera $A
    $null = Connect-Cam -Camera $B

    # The canary in every secret slot of camera A.
    $secure = $P.Password
    $acct = New-TestCredential -UserName svc -Password 'fake-pw-7'
    Set-CamFtp -Camera $A -Server 192.0.2.7 -Account $acct -Confirm:$false
    Set-CamMail -Camera $A -Server 192.0.2.7 -Sender 'cam@example.com' -Account $acct -Confirm:$false
    Set-CamPppoe -Camera $A -Account $acct -Confirm:$false
    Set-CamMsn -Camera $A -Account $acct -Confirm:$false
    Set-CamDdns -Camera $A -Account $acct -Confirm:$false
    Set-CamDeviceLink -Camera $A -Index 2 -HostName 192.0.2.8 -Port 80 -Account $acct -Confirm:$false
    Set-CamAlarm -Camera $A -HttpUrl 'http://svc:fake-pw-7@192.0.2.9/alarm' -Confirm:$false
    Set-CamWifi -Camera $A -WpaPsk $secure -Key1 $secure -Confirm:$false
    Set-Content -Path (Join-Path $work 'fw.bin') -Value 'not firmware'
    Set-Content -Path (Join-Path $work 'ui.bin') -Value 'not a web ui'

    $script:Mask = '********'

    function script:Get-Leak([string] $Text) {
        $found = @()
        foreach ($c in $canaries) {
            $u16 = [BitConverter]::ToString([Text.Encoding]::Unicode.GetBytes($c)).Replace('-', '')
            $u8 = [BitConverter]::ToString([Text.Encoding]::UTF8.GetBytes($c)).Replace('-', '')
            $forms = @{ plain = $c; 'utf16 hex' = $u16; 'utf8 hex' = $u8; 'base64' = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($c)); 'base64 utf16' = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($c)) }
            foreach ($k in $forms.Keys) { if ($Text.IndexOf($forms[$k], [StringComparison]::OrdinalIgnoreCase) -ge 0) { $found += "$k of $c" } }
        }
        if ($Text -match '(?<!\*)\*{9}(?!\*)') { $found += 'nine stars' }
        if ($Text -match '(?i)length[^0-9a-z]{1,6}9(?![0-9])') { $found += "a length of 9: '$($Matches[0])'" }
        $found
    }

    # Every rendering of an object an admin or a script could produce.
    function script:Get-Rendering($Item) {
        $r = [ordered]@{}
        if ($Item -is [System.Management.Automation.ErrorRecord]) {
            $r.Error = "$Item | $($Item.Exception.Message) | $($Item.FullyQualifiedErrorId) | $($Item.CategoryInfo) | $($Item.ErrorDetails) | $($Item.TargetObject)"
            $r.ErrorTarget = ($Item.TargetObject | Out-String -Width 200)
            return $r
        }
        if ($Item -is [System.Management.Automation.InformationalRecord] -or $Item -is [System.Management.Automation.InformationRecord]) { $r.Stream = "$Item"; return $r }
        $r.Json = ($Item | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue)
        $csv = @($Item | ConvertTo-Csv -NoTypeInformation)
        $r.Csv = ($csv -join "`n")
        foreach ($row in @($csv | ConvertFrom-Csv)) {
            foreach ($p in $row.PSObject.Properties) { if ($p.Name -match 'Length' -and "$($p.Value)" -eq '9') { $r.Csv += "`nCSV column $($p.Name): length 9" } }
        }
        $xml = Join-Path $work ("o-" + [guid]::NewGuid() + '.xml')
        $Item | Export-Clixml -Path $xml -Depth 3
        $r.Clixml = Get-Content -Raw $xml
        Remove-Item $xml
        $r.FormatListAll = ($Item | Format-List * | Out-String -Width 200)
        $r.Default = ($Item | Out-String -Width 200)
        $r.Table = ($Item | Format-Table | Out-String -Width 200)
        $r
    }

    function script:Invoke-Audited([scriptblock] $Script) {
        $transcript = Join-Path $work ("t-" + [guid]::NewGuid() + '.txt')
        $null = Start-Transcript -Path $transcript
        $items = @()
        try {
            $sb = [scriptblock]::Create("param(`$A, `$B, `$P, `$Blank, `$W, `$L) & { $Script } *>&1")
            $items = @(& $sb $A $B $P $Blank $work $L)
        }
        catch { $items += $_ }
        finally { $null = Stop-Transcript }
        $hostText = Get-Content -Raw $transcript
        Remove-Item $transcript
        [pscustomobject]@{ Items = $items; HostText = $hostText }
    }

    $script:SeenTypes = [System.Collections.Generic.HashSet[string]]::new()
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emuA
    Stop-TestEmulator $script:emuB
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe 'Secrets in every output' {
    It 'has an invocation for every exported cmdlet' {
        $covered = @($Invocations | ForEach-Object { $_.Cmdlet }) | Sort-Object -Unique
        @($Exported | Where-Object { $_ -notin $covered }) | Should -BeNullOrEmpty
    }

    It '<Name>: no canary or its length in any rendering; blank camera shows no mask' -ForEach $Invocations {
        $run = Invoke-Audited $Script
        $leaks = [System.Collections.Generic.List[string]]::new()
        foreach ($l in @(Get-Leak $run.HostText)) { $leaks.Add("host text (-WhatIf, transcript): $l") }
        foreach ($item in $run.Items) {
            if ($null -eq $item) { continue }
            $null = $SeenTypes.Add($item.GetType().FullName)
            $renderings = Get-Rendering $item
            foreach ($k in $renderings.Keys) {
                foreach ($l in @(Get-Leak ([string] $renderings[$k]))) { $leaks.Add("$($item.GetType().Name) as ${k}: $l") }
            }
            # Blank shown blank: camera B holds no secret, so nothing about it may show the mask.
            $cam = if ($item.PSObject.Properties['Camera']) { $item.Camera } else { $null }
            if ($cam -and "$($cam.Name)" -eq $B) {
                foreach ($k in 'Default', 'Table', 'FormatListAll', 'Json', 'Csv') {
                    if ($renderings.Contains($k) -and ([string] $renderings[$k]).Contains($Mask)) { $leaks.Add("$($item.GetType().Name) of the blank camera shows the mask as ${k}") }
                }
            }
            # A CamSecret shows exactly the mask when set and nothing when blank.
            foreach ($p in $item.PSObject.Properties) {
                $v = try { $p.Value } catch { $null }
                if ($v -is [FoscamPS.Model.CamSecret]) {
                    $expected = if ($v.IsSet) { $Mask } else { '' }
                    if ("$v" -ne $expected) { $leaks.Add("$($p.Name) shows '$v', expected '$expected'") }
                }
            }
        }
        # -WhatIf plans: a blank password (the 'viewer' credential, an empty key) is '(blank)', never the mask.
        foreach ($line in ($run.HostText -split "`n" | Where-Object { $_ -match 'What if:' })) {
            if ($line -match "viewer'? / (?!\(blank\))|WpaPsk = (?!\(blank\)|\*{8}(?!\*))") { $leaks.Add("-WhatIf masks a blank secret (or hides that it is blank): $line") }
        }
        if ($Files) { foreach ($f in @(& $Files)) { foreach ($l in @(Get-Leak (Get-Content -Raw $f.FullName))) { $leaks.Add("file $($f.Name): $l") } } }
        $leaks | Should -BeNullOrEmpty
    }

    It 'Compare-CamConfig shows a blank secret as (blank) on either side and a set one as the mask' {
        $bVsA = @(Compare-CamConfig -Camera $B -ReferenceCamera $A | Where-Object IsSecret)
        $bVsA | Should -Not -BeNullOrEmpty
        foreach ($d in $bVsA) { $d.Expected | Should -Be '********'; $d.Actual | Should -Be '(blank)' }
        $aVsB = @(Compare-CamConfig -Camera $A -ReferenceCamera $B | Where-Object IsSecret)
        foreach ($d in $aVsB) { $d.Expected | Should -Be '(blank)'; $d.Actual | Should -Be '********' }
    }

    It 'a blank password is reported as blank, a set one as set, in Get-CamUser' {
        $users = Get-CamUser -Camera $A
        ($users | Where-Object UserName -EQ viewer).HasPassword | Should -BeFalse
        ($users | Where-Object UserName -EQ admin).HasPassword | Should -BeTrue
        $text = Get-CamUser -Camera $A | Out-String -Width 200
        $viewerLine = ($text -split "`n" | Where-Object { $_ -match '\bviewer\b' })
        $viewerLine | Should -Not -Match '\*'
    }

    It 'the Wi-Fi key set on camera A is masked, constant width; blank on camera B' {
        (Get-CamWifi -Camera $A).WpaPsk.ToString() | Should -BeExactly $Mask
        (Get-CamWifi -Camera $B).WpaPsk.ToString() | Should -BeExactly ''
        (Get-CamParam -Camera $A -Name wifi_wpa_psk).Value.ToString() | Should -BeExactly $Mask
        (Get-CamParam -Camera $B -Name wifi_wpa_psk).Value.ToString() | Should -BeExactly ''
    }
}
