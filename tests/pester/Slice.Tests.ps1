#Requires -Modules Pester
# The first vertical slice as users load it: fresh pwsh, built module, emulator as a child process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:operCred = New-TestCredential -UserName 'oper' -Password 'fake-0per'
    $users = @('--user', 'admin:fake-Adm1n:2', '--user', 'oper:fake-0per:1', '--user', 'guest:fake-Gue5t:0')
    $script:legacy = Start-TestEmulator -Count 3 -Arguments $users
    $script:digest = Start-TestEmulator -Count 1 -Arguments ($users + @('--profile', 'digest'))
}

AfterAll {
    Get-CamSession | Disconnect-Cam
    Stop-TestEmulator $script:legacy
    Stop-TestEmulator $script:digest
}

Describe 'Connect-Cam' {
    It 'connects with the right password and learns the camera' {
        $s = Connect-Cam -Camera $legacy.Cameras[0].Address -Credential $adminCred -SessionName 'lobby'
        $s | Should -BeOfType 'FoscamPS.Fleet.CamSession'
        $s.Name | Should -Be 'lobby'
        $s.CameraId | Should -Be $legacy.Cameras[0].Id
        $s.Privilege | Should -Be 'Administrator'
        $s.State | Should -Be 'Connected'
        (Get-CamSession -Name lobby).Id | Should -Be $s.Id
    }

    It 'accepts -HostName/-Port and -Uri' {
        $a = Connect-Cam -HostName $legacy.Cameras[1].Uri.Host -Port $legacy.Cameras[1].Uri.Port -Credential $adminCred
        $a.CameraId | Should -Be $legacy.Cameras[1].Id
        $b = Connect-Cam -Uri $legacy.Cameras[2].Uri -Credential $operCred
        $b.Privilege | Should -Be 'Operator'
    }

    It 'negotiates Digest on 11.37.2.56+ firmware' {
        $d = Connect-Cam -Camera $digest.Cameras[0].Address -Credential $adminCred -SessionName 'digest-cam'
        $d.AuthScheme | Should -Be 'Digest'
        $d.CameraId | Should -Be $digest.Cameras[0].Id
        (Get-CamStatus -Camera digest-cam).CameraId | Should -Be $digest.Cameras[0].Id
    }

    It 'reports a wrong password as AuthenticationFailed, non-terminating, with the camera as target' {
        $bad = New-TestCredential -UserName 'admin' -Password 'fake-Wr0ng-pw'
        $r = Connect-Cam -Camera $legacy.Cameras[2].Address -Credential $bad -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $ev[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        # No session lives at that address in this runspace yet: the target is the address itself.
        "$($ev[0].TargetObject)" | Should -Be $legacy.Cameras[2].Address
        "$($ev[0])" | Should -Not -Match 'fake-Wr0ng-pw'
    }

    It 'reports an unreachable camera as CameraUnreachable' {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        { Connect-Cam -Camera "127.0.0.1:$port" -Credential $adminCred -RetryCount 0 -TimeoutSec 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'CameraUnreachable,FoscamPS.Commands.ConnectCamCommand'
    }

    It 'works with -ErrorAction Stop inside try/catch' {
        $bad = New-TestCredential -UserName 'nobody' -Password 'fake-N0pe-pw'
        $caught = $null
        try { Connect-Cam -Camera $legacy.Cameras[0].Address -Credential $bad -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
    }
}

Describe 'Get-CamStatus and Get-CamParam' {
    BeforeAll {
        $script:admin = Connect-Cam -Camera $legacy.Cameras[0].Address -Credential $adminCred -SessionName 'adm'
        $script:oper = Connect-Cam -Camera $legacy.Cameras[1].Address -Credential $operCred -SessionName 'op'
    }

    It 'returns typed status with the tz sign converted' {
        $st = Get-CamStatus -Camera adm
        $st | Should -BeOfType 'FoscamPS.Model.CamStatus'
        $st.Camera.Name | Should -Be 'adm'
        $st.SystemVersion | Should -BeOfType [version]
        $st.UtcOffset | Should -BeOfType [timespan]
    }

    It 'masks secrets unless -IncludeSecret' {
        $p = Get-CamParam -Camera adm -Name 'user1_*'
        ($p | Where-Object Name -eq 'user1_name').Value | Should -Be 'admin'
        "$(($p | Where-Object Name -eq 'user1_pwd').Value)" | Should -Be '********'
        $s = Get-CamParam -Camera adm -Name 'user1_pwd' -IncludeSecret
        $s.Value | Should -BeOfType [FoscamPS.Model.CamSecret]
        [System.Net.NetworkCredential]::new('', $s.Value.GetSecureString()).Password | Should -Be 'fake-Adm1n'
    }

    It 'gives schedule words as UInt32' {
        $w = Get-CamParam -Camera adm -Name 'alarm_schedule_sun_0'
        $w.Value | Should -BeOfType [uint32]
    }

    It 'denies an operator the administrator CGI with AccessDenied' {
        $r = Get-CamParam -Camera op -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
        $ev[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'pipes output objects into the next cmdlet by their camera' {
        $st = Get-CamStatus -Camera adm
        ($st | Get-CamParam -Name 'alias').Camera.Name | Should -Be 'adm'
    }

    It 'binds deserialized output from a job (Start-Job) by its camera' {
        $m = $env:FOSCAMPS_TEST_MODULE; $addr = $legacy.Cameras[0].Address
        $fromJob = Start-Job { Import-Module $using:m; Get-CamStatus -Camera $using:addr } | Receive-Job -Wait -AutoRemoveJob
        $fromJob.PSObject.TypeNames[0] | Should -BeLike 'Deserialized.*CamStatus'
        ($fromJob | Get-CamParam -Credential $adminCred -Name id).Value | Should -Be $legacy.Cameras[0].Id
    }

    It 'takes ad-hoc host:port targets with -Credential' {
        (Get-CamParam -Camera $legacy.Cameras[2].Address -Credential $adminCred -Name id).Value | Should -Be $legacy.Cameras[2].Id
    }
}

Describe 'Save-CamSnapshot' {
    It 'saves a binary-identical JPEG' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-snap-" + [guid]::NewGuid())
        $snap = Save-CamSnapshot -Camera adm -Path $dir
        $snap.Length | Should -BeGreaterThan 1000
        $bytes = [IO.File]::ReadAllBytes($snap.Path)
        $bytes.Length | Should -Be $snap.Length
        $bytes[0] | Should -Be 0xFF; $bytes[1] | Should -Be 0xD8
        $bytes[-2] | Should -Be 0xFF; $bytes[-1] | Should -Be 0xD9
        Remove-Item $dir -Recurse -Force
    }

    It 'writes nothing with -WhatIf' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-snap-" + [guid]::NewGuid())
        Save-CamSnapshot -Camera adm -Path $dir -WhatIf
        Test-Path $dir | Should -BeFalse
    }
}

Describe 'Disconnect-Cam' {
    It 'removes the session from this runspace' {
        $s = Connect-Cam -Camera $legacy.Cameras[2].Address -Credential $adminCred -SessionName 'temp'
        Disconnect-Cam -Camera temp
        Get-CamSession -Name temp -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $s.State | Should -Be 'Disconnected'
    }
}
