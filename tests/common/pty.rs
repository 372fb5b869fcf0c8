//! The real binary in a real pseudo-terminal at 80x24, read through a
//! terminal emulator (vt100).

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

pub struct Session {
    pub parser: vt100::Parser,
    /// Every byte the program wrote, for what the screen does not show
    /// (OSC 52).
    pub raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Held so the pty stays open until the session ends.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_orienteer"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // Never the developer's own config: an explicit empty one.
        cmd.env("ORIENTEER_CONFIG", super::config::empty());
        // Nor the real state dir: a temp one, unless the test names its own.
        cmd.env("ORIENTEER_STATE", super::config::state_file());
        cmd.env("ORIENTEER_DATA", super::config::data_dir());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn orienteer");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            parser: vt100::Parser::new(24, 80, 0),
            raw: Vec::new(),
            output,
            writer,
            child,
            _master: pty.master,
        }
    }

    /// Reads output until `done` holds for the screen's text.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.parser.screen().contents();
            if done(&screen) {
                return screen;
            }
            let left = DEADLINE.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero(),
                "screen never showed {what}; it shows:\n{screen}"
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    /// Reads output until the screen shows all of `needles`.
    pub fn wait_for(&mut self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?}"), |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    /// Whether any cell on screen has a foreground or background colour.
    pub fn any_colour(&self) -> bool {
        let screen = self.parser.screen();
        let (rows, cols) = screen.size();
        (0..rows).any(|r| {
            (0..cols).any(|c| {
                screen.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                })
            })
        })
    }

    pub fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Reads the output to its end (the program exited and closed the
    /// terminal, so the reader hits end of file and closes the channel),
    /// then returns the exit code.
    pub fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("orienteer did not exit"),
            }
        }
        self.child.wait().expect("wait for orienteer").exit_code()
    }
}
