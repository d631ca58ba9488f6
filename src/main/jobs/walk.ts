// The scanner's walker is the one in clip/image-walk.ts (shared with the CLI's file arguments).
export {
  IMAGE_EXTENSIONS,
  emptyWalkReport,
  walkImages,
  type FoundFile,
  type SkippedPath
} from '../clip/image-walk'
