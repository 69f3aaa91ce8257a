//! Form engine: placeholder, being written.
