#Requires -Modules Pester
# Persistent registry and credential store as users drive them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:configDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-reg-" + [guid]::NewGuid())
    $env:FOSCAMPS_CONFIG_DIR = $configDir
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:emu = Start-TestEmulator -Count 3 -Arguments @('--user', 'admin:fake-Adm1n:2')
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Remove-Item $configDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe 'Register-Cam / Get-CamRegistration / Connect-Cam -Name' {
    It 'registers cameras with tags and a stored credential' {
        $e = Register-Cam -Name lobby-1 -Address $emu.Cameras[0].Address -Credential $adminCred -Tag lobby, floor1
        $e.Name | Should -Be 'lobby-1'
        $e.CredentialRef.Kind | Should -Be 'Store'
        Register-Cam -Name lobby-2 -Address $emu.Cameras[1].Address -Credential $adminCred -Tag lobby | Out-Null
        Register-Cam -Name yard -Address $emu.Cameras[2].Address -Credential $adminCred -Tag outdoor | Out-Null
        (Get-CamRegistration).Count | Should -Be 3
        (Get-CamRegistration -Tag lobby).Name | Sort-Object | Should -Be @('lobby-1', 'lobby-2')
        (Get-CamRegistration -Name 'lob*').Count | Should -Be 2
    }

    It 'connects by tag through the pipeline and learns the camera id' {
        $sessions = Get-CamRegistration -Tag lobby | Connect-Cam
        $sessions.Count | Should -Be 2
        $sessions.Name | Sort-Object | Should -Be @('lobby-1', 'lobby-2')
        (Get-CamRegistration -Name lobby-1).ExpectedCameraId | Should -Be $emu.Cameras[0].Id
    }

    It 'connects by -Name and reads with a registered name as -Camera' {
        (Connect-Cam -Name yard).CameraId | Should -Be $emu.Cameras[2].Id
        Disconnect-Cam -All
        (Get-CamStatus -Camera yard).CameraId | Should -Be $emu.Cameras[2].Id
    }

    It 'keeps no secret in the registry file and owner-only modes on disk' {
        $reg = Get-Content -Raw (Join-Path $configDir 'registry.xml')
        $reg | Should -Not -Match 'fake-Adm1n'
        if (-not $IsWindows) {
            (& stat -c '%a' $configDir) | Should -Be '700'
            (& stat -c '%a' (Join-Path $configDir 'registry.xml')) | Should -Be '600'
            (& stat -c '%a' (Join-Path $configDir 'credentials.dat')) | Should -Be '600'
        }
    }

    It 'detects an impostor at a registered address (CameraIdentityMismatch) without sending the credential' {
        Set-CamRegistration -Name yard -ExpectedCameraId '00DEADBEEF00'
        $r = Get-CamStatus -Camera yard -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'CameraIdentityMismatch*'
        Set-CamRegistration -Name yard -ExpectedCameraId ''
    }

    It 'renames and re-addresses a registration keeping its credential' {
        Set-CamRegistration -Name yard -NewName backyard -Address $emu.Cameras[2].Address -PassThru | Select-Object -ExpandProperty Name | Should -Be 'backyard'
        (Get-CamStatus -Camera backyard).CameraId | Should -Be $emu.Cameras[2].Id
    }

    It 'gives CameraNotRegistered for an unknown name and -Credential still wins' {
        Get-CamRegistration -Name nope -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'CameraNotRegistered*'
        $bad = New-TestCredential -UserName 'admin' -Password 'fake-Wr0ng'
        Get-CamParam -Camera lobby-1 -Credential $bad -Name id -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $ev2[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
    }

    It 'reports a vault reference clearly when SecretManagement is absent' {
        Register-Cam -Name vaulted -Address $emu.Cameras[0].Address -VaultSecret 'cam-admin' | Out-Null
        Get-CamStatus -Camera vaulted -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'CredentialProviderUnavailable*'
    }

    It 'unregisters with -WhatIf doing nothing, then for real' {
        Unregister-Cam -Name 'lobby-*' -WhatIf
        (Get-CamRegistration -Tag lobby).Count | Should -Be 2
        Unregister-Cam -Name 'lobby-*' -Confirm:$false
        Get-CamRegistration -Tag lobby | Should -BeNullOrEmpty
    }
}

Describe 'Credential references resolved at call time' {
    It 'takes the credential from an Azure Automation credential asset when Get-AutomationPSCredential exists' {
        function global:Get-AutomationPSCredential { param([string] $Name) if ($Name -eq 'cam-asset') { New-TestCredential -UserName 'admin' -Password 'fake-Adm1n' } }
        try {
            Register-Cam -Name runbook-cam -Address $emu.Cameras[1].Address -AutomationCredential 'cam-asset' | Out-Null
            (Get-CamStatus -Camera runbook-cam).CameraId | Should -Be $emu.Cameras[1].Id
            (Get-CamParam -Camera runbook-cam -Name id).Value | Should -Be $emu.Cameras[1].Id
        }
        finally { Remove-Item function:Get-AutomationPSCredential }
    }

    It 'takes the credential from a SecretManagement secret when Get-Secret exists' {
        function global:Get-Secret { param([string] $Name, [string] $Vault) if ($Name -eq 'cam-secret' -and $Vault -eq 'ops') { New-TestCredential -UserName 'admin' -Password 'fake-Adm1n' } }
        try {
            Register-Cam -Name vault-cam -Address $emu.Cameras[2].Address -VaultSecret 'cam-secret' -Vault 'ops' | Out-Null
            (Get-CamParam -Camera vault-cam -Name id).Value | Should -Be $emu.Cameras[2].Id
        }
        finally { Remove-Item function:Get-Secret }
    }
}

Describe 'Credential store protection' {
    It 'describes the store without a key' {
        $s = Get-CamCredentialStore
        $s.IsPersistent | Should -BeTrue
        $s.Protection | Should -Be 'KeyFile'
        $s.RecordIds | Should -Contain 'backyard'
    }

    It 'moves to a passphrase, needs Unlock-CamCredentialStore in a new runspace, and back to a key file' {
        $pass = (New-TestCredential -Password 'fake-store-passphrase').Password
        Set-CamCredentialStore -Protection Passphrase -Passphrase $pass -Confirm:$false
        (Get-CamCredentialStore).Protection | Should -Be 'Passphrase'
        # this runspace holds the passphrase: stored credentials keep working
        (Get-CamStatus -Camera backyard).CameraId | Should -Be $emu.Cameras[2].Id
        (Get-ChildItem (Join-Path $configDir 'keys') -File -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty

        # a new runspace must unlock first
        $m = $env:FOSCAMPS_TEST_MODULE; $addr = $emu.Cameras[2].Address
        $rs = [powershell]::Create()
        $null = $rs.AddScript({
                param($m, $pass)
                Import-Module $m
                $locked = try { Get-CamStatus -Camera backyard -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
                $wrong = try { Unlock-CamCredentialStore -Passphrase (ConvertTo-SecureString 'fake-wrong-passphrase' -AsPlainText -Force) -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
                Unlock-CamCredentialStore -Passphrase $pass
                $unlocked = (Get-CamStatus -Camera backyard).CameraId
                Lock-CamCredentialStore
                $relocked = try { Get-CamStatus -Camera backyard -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
                $locked, $wrong, $unlocked, $relocked
            }).AddArgument($m).AddArgument($pass)
        $out = $rs.Invoke(); $rs.Dispose()
        $out[0] | Should -BeLike 'StorePassphraseRequired*'
        $out[1] | Should -BeLike 'StorePassphrase*'
        $out[2] | Should -Be $emu.Cameras[2].Id
        $out[3] | Should -BeLike 'StorePassphraseRequired*'

        Set-CamCredentialStore -Protection KeyFile -Confirm:$false
        (Get-CamCredentialStore).Protection | Should -Be 'KeyFile'
        (Get-CamStatus -Camera backyard).CameraId | Should -Be $emu.Cameras[2].Id
    }

    It 'explains a deleted key file and recovers with -Reset' {
        Remove-Item (Join-Path $configDir 'keys/master.key')
        Get-CamStatus -Camera backyard -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'StoreKeyMissing*'
        "$($ev[0].ErrorDetails.RecommendedAction)" | Should -Match 'Set-CamCredentialStore -Reset'
        Set-CamCredentialStore -Reset -Confirm:$false
        (Get-CamCredentialStore).CredentialCount | Should -Be 0
        Set-CamRegistration -Name backyard -Credential $adminCred
        (Get-CamStatus -Camera backyard).CameraId | Should -Be $emu.Cameras[2].Id
    }
}

Describe 'Unusable configuration folder' {
    It 'falls back to memory with exactly one warning' {
        $blocker = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-file-" + [guid]::NewGuid())
        Set-Content -Path $blocker -Value 'not a folder'
        $m = $env:FOSCAMPS_TEST_MODULE
        $script = "`$env:FOSCAMPS_CONFIG_DIR = '$blocker/config'; Import-Module '$m'; " +
            "Register-Cam -Name mem-cam -Address 192.0.2.10 -WarningVariable w1 -WarningAction SilentlyContinue | Out-Null; " +
            "Get-CamRegistration -WarningVariable w2 -WarningAction SilentlyContinue | Out-Null; " +
            "(Get-CamRegistration -Name mem-cam).Name; @(`$w1).Count + @(`$w2).Count; (Get-CamCredentialStore).IsPersistent"
        $out = & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script
        Remove-Item $blocker -Force
        $out[0] | Should -Be 'mem-cam'
        $out[1] | Should -Be '1'
        $out[2] | Should -Be 'False'
    }
}

Describe 'Connect-Cam -Name' {
    It 'reports an unknown registration as CameraNotRegistered and connects nothing else' {
        $before = @(Get-CamSession).Count
        $r = Connect-Cam -Name 'not-registered' -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'CameraNotRegistered*'
        @(Get-CamSession).Count | Should -Be $before
    }
}

Describe 'A registered camera that moves to another port (Set-CamNetwork -Port)' {
    BeforeAll {
        $script:moving = Start-TestEmulator -Count 1 -Arguments @('--user', 'admin:fake-Adm1n:2', '--move-port-on-reboot', '--reboot-ms', '300', '--discovery-port', 'off')
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start()
        $script:newPort = $l.LocalEndpoint.Port; $l.Stop()
    }
    AfterAll {
        Disconnect-Cam -All
        Stop-TestEmulator $script:moving
    }

    It 'follows the camera there and updates the registration, so the next Connect-Cam -Name finds it' {
        $old = $moving.Cameras[0].Address
        Register-Cam -Name mover -Address $old -Credential $adminCred | Out-Null
        $s = Connect-Cam -Name mover
        Set-CamNetwork -Camera $s -Port $newPort -Confirm:$false -WaitTimeoutSec 20 -ErrorAction Stop
        $s.Address.ToString() | Should -Be "127.0.0.1:$newPort"
        (Get-CamRegistration -Name mover).Address | Should -Be "127.0.0.1:$newPort"
        Disconnect-Cam -All
        # a new session from the registry alone reaches the camera where it is now
        (Connect-Cam -Name mover).CameraId | Should -Be $moving.Cameras[0].Id
        (Get-CamNetwork -Camera mover).Port | Should -Be $newPort
    }
}
