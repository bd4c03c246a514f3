#Requires -Modules Pester
# The settings core as users load it: fresh pwsh, built module, emulator as a child process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:operCred = New-TestCredential -UserName 'oper' -Password 'fake-0per'
    $users = @('--user', 'admin:fake-Adm1n:2', '--user', 'oper:fake-0per:1')
    $script:emu = Start-TestEmulator -Count 6 -Arguments $users
    $script:a = @($emu.Cameras | ForEach-Object Address)
    $script:psk = New-TestCredential -UserName 'x' -Password 'fake-psk-7' | ForEach-Object Password
    $script:acct = New-TestCredential -UserName 'mailer' -Password 'fake-pw-7'
}

AfterAll {
    Get-CamSession | Disconnect-Cam
    Stop-TestEmulator $script:emu
}

Describe 'Get- cmdlets of the settings core' {
    It 'return typed objects, camera first, with a table view that starts with the camera' -ForEach @(
        @{ Cmd = 'Get-CamNetwork'; Type = 'FoscamPS.Model.CamNetworkSettings' }
        @{ Cmd = 'Get-CamWifi'; Type = 'FoscamPS.Model.CamWifiSettings' }
        @{ Cmd = 'Get-CamDateTime'; Type = 'FoscamPS.Model.CamDateTimeSettings' }
        @{ Cmd = 'Get-CamAlarm'; Type = 'FoscamPS.Model.CamAlarmSettings' }
        @{ Cmd = 'Get-CamFtp'; Type = 'FoscamPS.Model.CamFtpSettings' }
        @{ Cmd = 'Get-CamMail'; Type = 'FoscamPS.Model.CamMailSettings' }
        @{ Cmd = 'Get-CamPrivacySchedule'; Type = 'FoscamPS.Model.CamPrivacySchedule' }
        @{ Cmd = 'Get-CamConfig'; Type = 'FoscamPS.Model.CamConfig' }
    ) {
        $o = & $Cmd -Camera $a[0] -Credential $adminCred
        $o | Should -BeOfType $Type
        $o.PSObject.Properties.Name[0] | Should -Be 'Camera'
        ($o | Format-Table | Out-String) | Should -Match '^\s*Camera\s'
        ($o | Format-List | Out-String) | Should -Match 'Camera\s*:'
    }

    It 'Get-CamConfig''s list view gives every group a value: an alarm with nothing armed reads disarmed, no device links reads (none)' {
        Set-CamAlarm -Camera $a[2] -Credential $adminCred -MotionArmed $false -SoundArmed $false -InputArmed $false -Confirm:$false
        $text = Get-CamConfig -Camera $a[2] -Credential $adminCred | Format-List | Out-String -Width 120
        $text | Should -Match '(?m)^Alarm\s+: disarmed\s*$'
        $text | Should -Match '(?m)^DeviceLinks\s+: \(none\)\s*$'
        Set-CamAlarm -Camera $a[2] -Credential $adminCred -MotionArmed $true -Confirm:$false
        Get-CamConfig -Camera $a[2] -Credential $adminCred | Format-List | Out-String -Width 120 | Should -Match '(?m)^Alarm\s+: armed: motion\s*$'
        Set-CamAlarm -Camera $a[2] -Credential $adminCred -MotionArmed $false -Confirm:$false
    }

    It 'works on several cameras at once' {
        @(Get-CamWifi -Camera $a[0], $a[1], $a[2] -Credential $adminCred).Count | Should -Be 3
    }

    It 'is AccessDenied for an operator' {
        Get-CamMail -Camera $a[5] -Credential $operCred -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
    }

    It 'shows the time zone as a usual UTC offset (the camera stores seconds west of UTC)' {
        Set-CamDateTime -Camera $a[0] -Credential $adminCred -UtcOffset '-05:00' -Confirm:$false
        (Get-CamDateTime -Camera $a[0] -Credential $adminCred).UtcOffset | Should -Be ([timespan]'-05:00')
        (Get-CamParam -Camera $a[0] -Credential $adminCred -Name tz).Value | Should -Be 18000
    }
}

Describe 'Secrets' {
    BeforeAll {
        Set-CamWifi -Camera $a[1] -Credential $adminCred -Enable $true -Ssid 'Lab' -Encryption Wpa2Aes -WpaPsk $psk -Confirm:$false
        Set-CamMail -Camera $a[1] -Credential $adminCred -Server smtp.example.invalid -Account $acct -Confirm:$false
    }

    It 'never reach a view, JSON, CSV or an error without -IncludeSecret' {
        $text = @(
            Get-CamWifi -Camera $a[1] -Credential $adminCred | Format-List | Out-String
            Get-CamWifi -Camera $a[1] -Credential $adminCred | ConvertTo-Json -Depth 5
            Get-CamMail -Camera $a[1] -Credential $adminCred | ConvertTo-Csv
            Get-CamConfig -Camera $a[1] -Credential $adminCred | ConvertTo-Json -Depth 6
            Get-CamParam -Camera $a[1] -Credential $adminCred -Group Wifi, Mail | ConvertTo-Json -Depth 4
        ) -join "`n"
        $text | Should -Not -Match 'fake-p'
        $text | Should -Not -Match '"Length"'
        (Get-CamWifi -Camera $a[1] -Credential $adminCred).WpaPsk.ToString() | Should -Be '********'
        (Get-CamWifi -Camera $a[2] -Credential $adminCred).WpaPsk.ToString() | Should -Be '' -Because 'a blank key is shown as blank'
    }

    It 'come inside the objects with -IncludeSecret, still not as text or length in JSON' {
        $w = Get-CamWifi -Camera $a[1] -Credential $adminCred -IncludeSecret
        [pscredential]::new('x', $w.WpaPsk.GetSecureString()).GetNetworkCredential().Password | Should -Be 'fake-psk-7'
        ($w | ConvertTo-Json -Depth 5) | Should -Not -Match 'fake-p|"Length"'
        $m = Get-CamMail -Camera $a[1] -Credential $adminCred -IncludeSecret
        $m.Account.GetNetworkCredential().Password | Should -Be 'fake-pw-7'
        ($m | ConvertTo-Json -Depth 5) | Should -Not -Match 'fake-p|"Length"'
        (Get-CamConfig -Camera $a[1] -Credential $adminCred -IncludeSecret | ConvertTo-Json -Depth 6) | Should -Not -Match 'fake-p|"Length"'
    }

    It 'an account read with -IncludeSecret is taken wherever a PSCredential is (-Account)' {
        $m = Get-CamMail -Camera $a[1] -Credential $adminCred -IncludeSecret
        Set-CamFtp -Camera $a[1] -Credential $adminCred -Account $m.Account -Confirm:$false
        (Get-CamFtp -Camera $a[1] -Credential $adminCred -IncludeSecret).Account.GetNetworkCredential().Password | Should -Be 'fake-pw-7'
    }
}

Describe 'Set- cmdlets of the settings core' {
    It '-WhatIf shows the change field by field, secrets masked, and writes nothing' {
        $before = Get-CamWifi -Camera $a[3] -Credential $adminCred
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "foscamps-whatif-$PID.txt"
        Start-Transcript -Path $transcript -Force | Out-Null
        Set-CamWifi -Camera $a[3] -Credential $adminCred -Ssid 'Other Net' -WpaPsk $psk -WhatIf
        Stop-Transcript | Out-Null
        $shown = Get-Content -Raw $transcript
        Remove-Item $transcript
        $shown | Should -Match "Ssid: '' -> 'Other Net'"
        $shown | Should -Match 'WpaPsk: \(blank\) -> \*{8}'
        $shown | Should -Not -Match 'fake-p'
        (Get-CamWifi -Camera $a[3] -Credential $adminCred).Ssid | Should -Be $before.Ssid
    }

    It 'reject a bad value before any request, naming the parameter and the limit' {
        { Set-CamAlarm -Camera $a[3] -Credential $adminCred -MotionSensitivity 12 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSetting,FoscamPS.Commands.SetCamAlarmCommand' -ExpectedMessage '*MotionSensitivity*0 to 9*'
        { Set-CamFtp -Camera $a[3] -Credential $adminCred -Schedule 'Mon 08:05-09:00' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*quarter-hour*'
    }

    It 'report an illegal params reply as IllegalParams (set_network with mask 0.0.0.0)' {
        Set-CamNetwork -Camera $a[3] -Credential $adminCred -IpAddress 192.0.2.44 -SubnetMask 0.0.0.0 -Gateway 192.0.2.1 -DnsServer 192.0.2.1 -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'IllegalParams*'
        "$($ev[0].TargetObject)" | Should -Be $a[3]
    }

    It 'copy a group from its Get twin to two cameras; identity stays' {
        Set-CamAlarm -Camera $a[0] -Credential $adminCred -MotionArmed $true -SoundArmed $true -ScheduleEnable $true -Schedule (New-CamSchedule -Day Saturday, Sunday) -Confirm:$false
        Get-CamAlarm -Camera $a[0] -Credential $adminCred -IncludeSecret | Set-CamAlarm -Camera $a[4], $a[5] -Credential $adminCred -Confirm:$false
        $src = Get-CamAlarm -Camera $a[0] -Credential $adminCred
        foreach ($t in $a[4], $a[5]) {
            $dst = Get-CamAlarm -Camera $t -Credential $adminCred
            $dst.SoundArmed | Should -BeTrue
            "$($dst.Schedule)" | Should -Be "$($src.Schedule)"
            (Get-CamStatus -Camera $t -Credential $adminCred).CameraId | Should -Not -Be (Get-CamStatus -Camera $a[0] -Credential $adminCred).CameraId
        }
        $net = Get-CamNetwork -Camera $a[0] -Credential $adminCred | Set-CamNetwork -Camera $a[4] -Credential $adminCred -Confirm:$false -PassThru
        $net.Port | Should -Be ([int]($a[4] -split ':')[1]) -Because 'the port is part of the camera''s address and is not copied'
    }

    It 'New-CamSchedule builds and combines week schedules' {
        $s = New-CamSchedule -Day Monday, Tuesday -Start 08:00 -End 18:00 | New-CamSchedule -Day Saturday -Start 10:00 -End 12:00
        "$s" | Should -Be 'Mon,Tue 08:00-18:00; Sat 10:00-12:00'
        $s.GetWord('Monday', 1) | Should -Be ([uint32]::MaxValue)
        ($s | Out-String) | Should -Match 'Mon  \.{32}#{40}'
        { New-CamSchedule -Day Monday -Start 08:10 -End 09:00 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidScheduleTime,FoscamPS.Commands.NewCamScheduleCommand'
    }
}
