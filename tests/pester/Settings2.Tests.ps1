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
    if (Get-Variable -Scope Script -Name groups -ErrorAction SilentlyContinue) { Stop-TestEmulator $script:groups }
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

Describe 'Settings group <Name>' -ForEach @(
    @{ Name = 'Pppoe'; Secret = $true; Denied = 'oper'; Change = @{ Enable = $true }; Check = { param($o) $o.Enable -eq $true }; Invalid = @{ Account = 'long' }; InvalidParameter = 'Account' }
    @{ Name = 'Upnp'; Secret = $false; Denied = 'oper'; Change = @{ Enable = $true }; Check = { param($o) $o.Enable -eq $true }; Invalid = @{ Enable = 'maybe' }; InvalidParameter = 'Enable' }
    @{ Name = 'Ddns'; Secret = $true; Denied = 'oper'; Change = @{ Service = 'MintDns'; HostName = 'cam.example.invalid'; ProxyServer = 'http://u.example.invalid/nic?a=1&b=2' }; Check = { param($o) $o.Service -eq 'MintDns' -and $o.ProxyServer -eq 'http://u.example.invalid/nic?a=1&b=2' }; Invalid = @{ ProxyPort = 70000 }; InvalidParameter = 'ProxyPort' }
    @{ Name = 'FactoryDdns'; Secret = $true; Denied = 'oper'; Change = @{ Service = 'Dns9299'; ProxyPort = 3 }; Check = { param($o) $o.Service -eq 'Dns9299' -and $o.ProxyPort -eq 3 }; Invalid = @{ HostName = ('h' * 65) }; InvalidParameter = 'HostName' }
    @{ Name = 'Msn'; Secret = $true; Denied = 'oper'; Change = @{ Friend = @('a@example.invalid', 'b@example.invalid') }; Check = { param($o) $o.Friend[1] -eq 'b@example.invalid' }; Invalid = @{ Friend = @(1..11 | ForEach-Object { "f$_" }) }; InvalidParameter = 'Friend' }
    @{ Name = 'DeviceLink'; Secret = $true; Denied = 'oper'; Change = @{ Index = 4; Alias = 'Gate'; HostName = '192.0.2.20'; Port = 81 }; Check = { param($o) $o.Index -eq 4 -and $o.HostName -eq '192.0.2.20' }; Invalid = @{ Index = 4; Alias = ('x' * 21) }; InvalidParameter = 'Alias' }
    @{ Name = 'Misc'; Secret = $false; Denied = 'oper'; Change = @{ LedMode = 'Off'; PtzPatrolRate = 55 }; Check = { param($o) $o.LedMode -eq 'Off' -and $o.PtzPatrolRate -eq 55 }; Invalid = @{ PtzPatrolRate = 101 }; InvalidParameter = 'PtzPatrolRate' }
    @{ Name = 'ImageSetting'; Secret = $false; Denied = 'guest'; Change = @{ Brightness = 200; Flip = 'Flip,Mirror' }; Check = { param($o) $o.Brightness -eq 200 -and $o.Flip -eq 'Flip, Mirror' }; Invalid = @{ Contrast = 7 }; InvalidParameter = 'Contrast' }
    @{ Name = 'Decoder'; Secret = $false; Denied = 'oper'; Change = @{ Baud = 'B9600' }; Check = { param($o) "$($o.Baud)" -eq 'B9600' }; Invalid = @{ Baud = 99 }; InvalidParameter = 'Baud' }
) {
    BeforeAll {
        if (-not (Get-Variable -Scope Script -Name groups -ErrorAction SilentlyContinue)) {
            $users = @('--user', 'admin:fake-Adm1n:2', '--user', 'oper:fake-0per:1', '--user', 'guest:fake-Gue5t:0')
            $script:groups = Start-TestEmulator -Count 7 -Arguments ($users + @('--fault', '6:IllegalParams'))
            $script:g = $groups.Cameras | ForEach-Object Address
            $script:guestCred = New-TestCredential -UserName 'guest' -Password 'fake-Gue5t'
        }
        $script:get = "Get-Cam$Name"
        $script:set = "Set-Cam$Name"
        $script:denyCred = if ($Denied -eq 'guest') { $guestCred } else { $operCred }
        $script:change = $Change.Clone()
        if ($Secret -and $Name -ne 'DeviceLink') { $change.Account = New-TestCredential -UserName 'svc-user' -Password 'fake-pw-2' }
        if ($Invalid.ContainsKey('Account')) { $script:invalid = @{ Account = (New-TestCredential -UserName ('u' * 65) -Password 'x') } } else { $script:invalid = $Invalid }
        function script:Shape($o) { $o | Select-Object -Property * -ExcludeProperty Camera, Account | ConvertTo-Json -Compress }
    }

    It 'changes the camera and -PassThru returns the verified settings' {
        $r = & $set -Camera $g[0] -Credential $adminCred @change -PassThru -Confirm:$false
        & $Check $r | Should -BeTrue
        & $Check (& $get -Camera $g[0] -Credential $adminCred | Select-Object -Last 1 | Where-Object { $Name -ne 'DeviceLink' -or $_.Index -eq 4 }) | Should -BeTrue
        ($r | Format-Table | Out-String) | Should -Match '^\s*Camera\s'
    }

    It '-WhatIf changes nothing' {
        $before = Shape (& $get -Camera $g[5] -Credential $adminCred -ErrorAction Stop)
        & $set -Camera $g[5] -Credential $adminCred @change -WhatIf
        Shape (& $get -Camera $g[5] -Credential $adminCred) | Should -Be $before
    }

    It 'rejects an invalid value before any request, naming the parameter' {
        $err = $null
        try { & $set -Camera $g[5] -Credential $adminCred @invalid -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        "$err" | Should -Match $InvalidParameter
    }

    It 'is AccessDenied for a too-weak account' {
        & $set -Camera $g[5] -Credential $denyCred @change -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
    }

    It 'reports an "error: illegal params." reply as IllegalParams' {
        & $set -Camera $g[6] -Credential $adminCred @change -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'IllegalParams*'
        "$($ev[0].TargetObject)" | Should -Be $g[6]
    }

    It 'copies from its Get twin to two cameras, several at once; identity kept' {
        $source = if ($Secret) { & $get -Camera $g[0] -Credential $adminCred -IncludeSecret } else { & $get -Camera $g[0] -Credential $adminCred }
        $source | & $set -Camera $g[1], $g[2] -Credential $adminCred -Confirm:$false
        $want = @($source | ForEach-Object { Shape $_ })
        foreach ($t in $g[1], $g[2]) {
            $got = if ($Secret) { & $get -Camera $t -Credential $adminCred -IncludeSecret } else { & $get -Camera $t -Credential $adminCred }
            @($got | ForEach-Object { Shape $_ }) | Should -Be $want
            if ($Secret) {
                @($got | ForEach-Object { if ($_.Account) { $_.Account.GetNetworkCredential().Password } }) | Should -Be @($source | ForEach-Object { if ($_.Account) { $_.Account.GetNetworkCredential().Password } })
            }
        }
        (Get-CamStatus -Camera $g[1] -Credential $adminCred).CameraId | Should -Be $groups.Cameras[1].Id
        if ($Secret) { (& $get -Camera $g[1] -Credential $adminCred | ConvertTo-Json -Depth 3) | Should -Not -Match 'fake-pw' }
    }
}
