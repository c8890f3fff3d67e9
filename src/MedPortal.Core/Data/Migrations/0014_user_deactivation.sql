-- Staff lifecycle: an administrator can deactivate an account (it cannot sign in; its security stamp is rotated, so open
-- sessions end within SignIn:RevalidateSeconds) and reactivate it later. NULL = active.

ALTER TABLE "AspNetUsers" ADD COLUMN "DeactivatedAt" timestamp with time zone;
