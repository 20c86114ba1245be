using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AppPasswords.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AdminInventoryCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Created",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Expiry",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Label",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_LastUsed",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_UserId_CreatedAt",
                table: "AppPasswords");

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Created",
                table: "AppPasswords",
                columns: new[] { "CreatedAt", "Id", "Label", "LastUsedAt", "ExpiresAt", "RevokedAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Expiry",
                table: "AppPasswords",
                columns: new[] { "ExpiresAt", "Id", "Label", "CreatedAt", "LastUsedAt", "RevokedAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Label",
                table: "AppPasswords",
                columns: new[] { "Label", "Id", "CreatedAt", "LastUsedAt", "ExpiresAt", "RevokedAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_LastUsed",
                table: "AppPasswords",
                columns: new[] { "LastUsedAt", "Id", "Label", "CreatedAt", "ExpiresAt", "RevokedAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_UserId_CreatedAt",
                table: "AppPasswords",
                columns: new[] { "UserId", "CreatedAt", "Id", "Label", "LastUsedAt", "ExpiresAt", "RevokedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Created",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Expiry",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Label",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_LastUsed",
                table: "AppPasswords");

            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_UserId_CreatedAt",
                table: "AppPasswords");

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Created",
                table: "AppPasswords",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Expiry",
                table: "AppPasswords",
                columns: new[] { "ExpiresAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Label",
                table: "AppPasswords",
                column: "Label");

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_LastUsed",
                table: "AppPasswords",
                columns: new[] { "LastUsedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_UserId_CreatedAt",
                table: "AppPasswords",
                columns: new[] { "UserId", "CreatedAt" });
        }
    }
}
