#Requires -Modules Pester
# Alarms and the fleet report as users load them: fresh pwsh, built module, emulator child process, headless Chromium.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    # A canary password: it must appear nowhere in the report.
    $script:canary = 'fk' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:cred = New-TestCredential -UserName 'admin' -Password $canary
    $script:emu = Start-TestEmulator -Count 2 -Arguments @('--user', "admin:$($canary):2")
    $script:outDir = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'out/beyond'
    New-Item -ItemType Directory -Force -Path $outDir | Out-Null
    $script:chromium = Find-TestChromium
}

AfterAll {
    Stop-TestEmulator $script:emu
}

Describe 'Export-CamReport' {
    It 'writes a self-contained page with one thumbnail per camera and no secret' {
        $path = Join-Path $outDir 'fleet.html'
        $info = Export-CamReport -Camera ($emu.Cameras | ForEach-Object { $_.Address }) -Credential $cred -Path $path -Force
        $info.Cameras | Should -Be 2
        $info.Snapshots | Should -Be 2
        $html = Get-Content -Raw $path
        $html | Should -Not -Match ([regex]::Escape($canary))
        $html | Should -Not -Match '(src|href)="(https?:)?//'
        ([regex]::Matches($html, 'src="data:image/jpeg;base64,')).Count | Should -Be 2
        foreach ($c in $emu.Cameras) { $html | Should -Match ([regex]::Escape("data-camera-id=`"$($c.Id)`"")) }
    }

    It 'renders in headless Chromium without console errors and leaves a screenshot under out/' {
        $chromium | Should -Not -BeNullOrEmpty -Because '.ci/run installs Debian chromium'
        $path = Join-Path $outDir 'fleet.html'
        if (-not (Test-Path $path)) { Export-CamReport -Camera ($emu.Cameras | ForEach-Object { $_.Address }) -Credential $cred -Path $path -Force | Out-Null }
        $shot = Join-Path $outDir 'fleet.png'
        $log = Invoke-TestChromiumScreenshot -Chromium $chromium -Path $path -Screenshot $shot
        $shot | Should -Exist
        (Get-Item $shot).Length | Should -BeGreaterThan 1000
        $log | Should -Not -Match 'CONSOLE.*(Uncaught|Error|Refused)|Content Security Policy'
    }
}

Describe 'Alarm listener' {
    It 'receives a callback and masks its credentials' {
        $l = Start-CamAlarmListener -Port 0 -ListenAddress 127.0.0.1
        try {
            $reply = Invoke-WebRequest -Uri "http://127.0.0.1:$($l.Port)/alarm?cam=lobby&pwd=$canary" -UseBasicParsing
            $reply.Content | Should -Be 'ok.'
            $cb = Receive-CamAlarm -Listener $l -Wait -Count 1 -TimeoutSec 20
            $cb.Query['cam'] | Should -Be 'lobby'
            $cb.Query['pwd'] | Should -Be '***'
            ($cb | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($canary))
        }
        finally { $l | Stop-CamAlarmListener }
        $l.State | Should -Be 'Stopped'
    }
}
