#Requires -Modules Pester
# The module's read cmdlets against Netwave clones (emulator --profile clone): double-quoted replies with CRLF line
# ends and += continuation lines, "200 user or passwd is error" for bad credentials, compact MJPEG part headers.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:cloneCred = New-TestCredential -UserName 'admin' -Password 'fake-Cl0ne'
    $script:clone = Start-TestEmulator -Count 2 -Arguments @('--profile', 'clone', '--user', 'admin:fake-Cl0ne:2', '--discovery-port', '0')
    $script:longServer = 'ftp.example-storage-server.internal.lan'  # 39 characters: a continuation line on clones
    $a = $clone.Cameras[0]
    $q = "cam_user=admin&cam_pwd=fake-Cl0ne&svr=$longServer&port=21&user=&pwd=&dir=%2F&mode=0&upload_interval=0"
    $script:setFtpReply = (Invoke-WebRequest -Uri "$($a.Uri)set_ftp.cgi?$q" -UseBasicParsing).Content
}

AfterAll {
    Get-CamSession | Disconnect-Cam
    Stop-TestEmulator $script:clone
}

Describe 'Netwave clone' {
    It 'answers setters with ok. and CRLF' {
        $setFtpReply | Should -BeExactly "ok.`r`n"
    }

    It 'Connect-Cam connects and learns the camera' {
        $s = Connect-Cam -Camera $clone.Cameras[0].Address -Credential $cloneCred -SessionName 'clone0'
        $s.CameraId | Should -Be $clone.Cameras[0].Id
        $s.Privilege | Should -Be 'Administrator'
        $s.State | Should -Be 'Connected'
    }

    It 'Connect-Cam turns "user or passwd is error" into AuthenticationFailed' {
        $bad = New-TestCredential -UserName 'admin' -Password 'fake-Wr0ng'
        $r = Connect-Cam -Camera $clone.Cameras[1].Address -Credential $bad -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $ev[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($ev[0])" | Should -Not -Match 'fake-Wr0ng'
    }

    It 'Get-CamStatus reads the double-quoted CRLF reply' {
        $st = Get-CamStatus -Camera clone0
        $st.CameraId | Should -Be $clone.Cameras[0].Id
        $st.SystemVersion | Should -Be ([version]'0.37.2.36')
    }

    It 'Get-CamParam joins continuation lines' {
        (Get-CamParam -Camera clone0 -Name 'ftp_svr').Value | Should -BeExactly $longServer
        (Get-CamParam -Camera clone0 -Name 'id').Value | Should -Be $clone.Cameras[0].Id
        $users = Get-CamParam -Camera clone0 -Name 'user1_*'
        ($users | Where-Object Name -EQ 'user1_name').Value | Should -Be 'admin'
    }

    It 'Save-CamSnapshot saves the baseline JFIF 1.02 frame' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-clone-" + [guid]::NewGuid())
        try {
            $snap = Save-CamSnapshot -Camera clone0 -Path $dir
            $bytes = [IO.File]::ReadAllBytes($snap.Path)
            $bytes.Length | Should -Be $snap.Length
            $bytes[0..3] | Should -Be @(0xFF, 0xD8, 0xFF, 0xE0)
            [Text.Encoding]::ASCII.GetString($bytes, 6, 4) | Should -Be 'JFIF'
            $bytes[11], $bytes[12] | Should -Be @(1, 2)
            $bytes[-2], $bytes[-1] | Should -Be @(0xFF, 0xD9)
        }
        finally {
            Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
