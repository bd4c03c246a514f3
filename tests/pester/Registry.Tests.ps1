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
