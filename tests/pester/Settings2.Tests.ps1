#Requires -Modules Pester
# Second half of the settings cmdlets as users load them: fresh pwsh, built module, emulator as a child process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:operCred = New-TestCredential -UserName 'oper' -Password 'fake-0per'
    $users = @('--user', 'admin:fake-Adm1n:2', '--user', 'oper:fake-0per:1', '--user', 'guest:fake-Gue5t:0')
    # Camera 1 has complete mail settings and an FTP server without a password; camera 2 a server forcing code -13.
    $script:stateFile = Join-Path ([IO.Path]::GetTempPath()) "foscamps-settings2-$PID.json"
    @{ cameras = @(
            @{ index = 1; state = @{ mail_svr = 'smtp.example.invalid'; mail_sender = 'cam@example.invalid'; mail_receiver1 = 'ops@example.invalid'; ftp_svr = 'ftp.example.invalid'; ftp_user = 'cam' } }
            @{ index = 2; state = @{ mail_svr = 'error-13.example.invalid' } }
        ) } | ConvertTo-Json -Depth 5 | Set-Content -Path $script:stateFile
    $script:emu = Start-TestEmulator -Count 6 -Arguments ($users + @('--wifi-scan-ms', '300', '--state', $script:stateFile))
    $script:a = $emu.Cameras | ForEach-Object Address
}

AfterAll {
    Get-CamSession | Disconnect-Cam
    Stop-TestEmulator $script:emu
    Remove-Item $script:stateFile -ErrorAction SilentlyContinue
}

Describe 'Find-CamWifiNetwork' {
    It 'scans and returns typed networks, camera first' {
        $nets = @(Find-CamWifiNetwork -Camera $a[0] -Credential $adminCred)
        $nets.Count | Should -Be 5
        $nets[0] | Should -BeOfType 'FoscamPS.Model.CamWifiNetwork'
        ($nets | Where-Object Ssid -eq 'Calvin&Cici').Security | Should -Be 'Wep'
        ($nets | Where-Object Ssid -eq 'ipcamera').Mode | Should -Be 'AdHoc'
        ($nets | Format-Table | Out-String) | Should -Match '^\s*Camera\s+Ssid'
    }

    It '-NoScan reads only the last result' {
        @(Find-CamWifiNetwork -Camera $a[5] -Credential $adminCred -NoScan).Count | Should -Be 0
        @(Find-CamWifiNetwork -Camera $a[5] -Credential $adminCred -Ssid 'EmuNet*').Ssid | Should -Be 'EmuNet-Home'
        @(Find-CamWifiNetwork -Camera $a[5] -Credential $adminCred -NoScan).Count | Should -Be 5
    }

    It 'works on several cameras at once' {
        $nets = Find-CamWifiNetwork -Camera $a[1], $a[2], $a[3] -Credential $adminCred
        @($nets | Group-Object { $_.Camera.Address.ToString() }).Count | Should -Be 3
    }

    It 'rejects a bad -ScanTimeoutSec before any request' {
        { Find-CamWifiNetwork -Camera $a[0] -Credential $adminCred -ScanTimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,FoscamPS.Commands.FindCamWifiNetworkCommand'
    }

    It 'is AccessDenied for an operator' {
        $r = Find-CamWifiNetwork -Camera $a[4] -Credential $operCred -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
        "$($ev[0].TargetObject)" | Should -Be $a[4]
    }
}

Describe 'Test-CamMail and Test-CamFtp' {
    It 'maps the firmware''s negative codes to named results' {
        $r = Test-CamMail -Camera $a[0], $a[1], $a[2] -Credential $adminCred | Sort-Object { [array]::IndexOf($a, $_.Camera.Address.ToString()) }
        $r[0].Result | Should -Be 'CannotConnect'
        $r[0].RawCode | Should -Be -1
        $r[1].Succeeded | Should -BeTrue
        $r[2].Result | Should -Be 'ServerTlsUnsupported'
        $r[2].Code | Should -Be 13
        ($r | Format-Table | Out-String) | Should -Match '^\s*Camera\s+Service'
    }

    It 'tests the saved FTP settings' {
        $f = Test-CamFtp -Camera $a[1] -Credential $adminCred
        $f.Result | Should -Be 'IncorrectPassword'
        $f.Message | Should -Be 'incorrect password'
    }

    It '-WhatIf sends nothing' {
        Test-CamMail -Camera $a[1] -Credential $adminCred -WhatIf | Should -BeNullOrEmpty
        Test-CamFtp -Camera $a[1] -Credential $adminCred -WhatIf | Should -BeNullOrEmpty
    }

    It 'is AccessDenied for an operator' {
        Test-CamFtp -Camera $a[4] -Credential $operCred -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
    }
}

Describe 'Account cmdlets' {
    BeforeAll {
        $script:bob = New-TestCredential -UserName 'bob' -Password 'fake-pw-1'
    }

    It 'Get-CamUser lists used slots with one privilege scale and no password' {
        $u = @(Get-CamUser -Camera $a[3] -Credential $adminCred)
        $u.UserName | Should -Be @('admin', 'oper', 'guest')
        $u.Privilege | Should -Be @('Administrator', 'Operator', 'Visitor')
        ($u | ConvertTo-Json -Depth 3) | Should -Not -Match 'fake-'
        ($u | Format-Table | Out-String) | Should -Match '^\s*Camera\s+Slot\s+UserName'
    }

    It 'Add-CamUser adds in the first free slot; -WhatIf adds nothing' {
        Add-CamUser -Camera $a[3] -Credential $adminCred -Account $bob -WhatIf
        @(Get-CamUser -Camera $a[3] -Credential $adminCred -UserName bob).Count | Should -Be 0
        $r = Add-CamUser -Camera $a[3] -Credential $adminCred -Account $bob -Privilege Operator -PassThru
        $r.Slot | Should -Be 4
        $r.Privilege | Should -Be 'Operator'
        (Get-CamUser -Camera $a[3] -Credential $adminCred).Count | Should -Be 4
    }

    It 'refuses to remove the last administrator, naming the error' {
        Remove-CamUser -Camera $a[3] -Credential $adminCred -UserName admin -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'LastAdministrator*'
        "$($ev[0].TargetObject)" | Should -Be $a[3]
        (Get-CamUser -Camera $a[3] -Credential $adminCred -UserName admin).Privilege | Should -Be 'Administrator'
    }

    It 'rejects a name over 12 bytes before any request' {
        $long = New-TestCredential -UserName 'much-too-long-name' -Password 'x'
        { Add-CamUser -Camera $a[3] -Credential $adminCred -Account $long } | Should -Throw -ErrorId 'InvalidUserName,FoscamPS.Commands.AddCamUserCommand'
    }

    It 'is AccessDenied for an operator' {
        Remove-CamUser -Camera $a[3] -Credential $operCred -UserName bob -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
    }

    It 'copies accounts from its Get twin to two cameras, several at once' {
        Get-CamUser -Camera $a[3] -Credential $adminCred -IncludeSecret | Set-CamUser -Camera $a[4], $a[5] -Credential $adminCred -AddMissing
        $source = Get-CamUser -Camera $a[3] -Credential $adminCred -IncludeSecret
        foreach ($t in $a[4], $a[5]) {
            $target = Get-CamUser -Camera $t -Credential $adminCred -IncludeSecret
            ($target | ForEach-Object { '{0}/{1}/{2}/{3}' -f $_.Slot, $_.UserName, $_.Privilege, $_.Account.GetNetworkCredential().Password }) |
                Should -Be ($source | ForEach-Object { '{0}/{1}/{2}/{3}' -f $_.Slot, $_.UserName, $_.Privilege, $_.Account.GetNetworkCredential().Password })
        }
        (Get-CamStatus -Camera $a[4] -Credential $adminCred).CameraId | Should -Be $emu.Cameras[4].Id
        Remove-CamUser -Camera $a[3], $a[4], $a[5] -Credential $adminCred -UserName bob -Confirm:$false
        @(Get-CamUser -Camera $a[3], $a[4], $a[5] -Credential $adminCred -UserName bob).Count | Should -Be 0
    }
}
