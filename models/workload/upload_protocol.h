// File: models/workload/upload_protocol.h
// A large upload, done two ways, and what each costs when the client's connection keeps dropping:
//   - SingleRequest: one PUT of the whole body. A disconnect loses everything sent; the client
//     reconnects and starts again from byte 0 (what a plain HTTP PUT or multipart POST does).
//   - ChunkedResumable: the tus.io resumable upload protocol 1.0.0 (https://tus.io/protocols/
//     resumable-upload, "Creation" extension + core protocol), equally Google's resumable uploads
//     (https://cloud.google.com/storage/docs/performing-resumable-uploads): one creation request
//     (POST, answered 201 with the upload URL), then PATCH requests of C bytes, one at a time, each
//     answered 204 with the Upload-Offset the server has committed; after a reconnect the client
//     first asks for that offset (HEAD, one round trip) and resumes from it.
// The server commits whole PATCH bodies only (a body cut by a disconnect is discarded, as a tus
// server without partial-write support or GCS's 256 KiB commit granularity would lose it).
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace wirelab::models::workload {

enum class UploadMode { SingleRequest, ChunkedResumable };
const char* toString(UploadMode mode);

enum class UploadOp : std::uint8_t {
  Put,        // client: the whole body (SingleRequest)
  PutDone,    // server: 201 Created, the body is stored
  Create,     // client: POST with Upload-Length (tus Creation)
  Created,    // server: 201 with Location
  Patch,      // client: PATCH with Upload-Offset and C bytes of body
  PatchAck,   // server: 204 with the new Upload-Offset
  Head,       // client: HEAD, asks for the committed offset
  HeadReply,  // server: 200 with Upload-Offset
};

struct UploadMessage {
  UploadOp op = UploadOp::Put;
  std::uint64_t offset = 0;  // Patch: where its body starts; PatchAck/HeadReply: committed offset
  std::uint64_t length = 0;  // Put/Patch: body bytes
};

struct UploadConfig {
  UploadMode mode = UploadMode::ChunkedResumable;
  std::uint64_t totalBytes = 4 * 1024 * 1024;
  std::uint64_t chunkBytes = 256 * 1024;   // C (GCS asks for multiples of 256 KiB)
  bool createRequest = true;               // a creation round trip before the first PATCH
  std::uint32_t requestHeaderBytes = 400;  // request line + headers of each request
  std::uint32_t responseBytes = 200;       // status line + headers of each response
  // Disconnects form a Poisson process while connected: mean time between them 1/rate (0: none).
  double disconnectsPerSecond = 0.0;
  sim::Duration reconnectDelay = sim::Seconds(1);  // after a disconnect, before the new SYN
  // Throws std::invalid_argument naming the parameter ("upload.chunkBytes: must be positive, got 0").
  void validate() const;
};

}  // namespace wirelab::models::workload
