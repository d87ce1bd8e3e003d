//! What the rest of the engine, and the layers above it, need that is no budget concept:
//! text in the encodings users' files come in (`text`), the system's errors in Chinese
//! and the kinds of paths (`system`), the date and time in 北京时间 (`clock`), and a fast
//! hash for integer and short-string keys (`fxhash`), and everything that differs between
//! operating systems (`platform`).

pub mod clock;
pub mod fxhash;
pub mod platform;
pub mod system;
pub mod text;
